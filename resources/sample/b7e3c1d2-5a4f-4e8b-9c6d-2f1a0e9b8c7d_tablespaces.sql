--
-- PostgreSQL database cluster dump
--

\restrict aysNomaBcFfIHTYOcLEhVWTUVd8f795qUdtnUKnlncvIlkt0vqcTGjzHDRYY3tz

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;



\unrestrict aysNomaBcFfIHTYOcLEhVWTUVd8f795qUdtnUKnlncvIlkt0vqcTGjzHDRYY3tz

--
-- PostgreSQL database cluster dump complete
--

