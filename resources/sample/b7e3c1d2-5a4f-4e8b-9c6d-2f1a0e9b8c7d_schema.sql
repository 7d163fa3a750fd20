--
-- PostgreSQL database cluster dump
--

\restrict NlappuvTaiNCIUJJZYF45ezs2vaJDWjt7J1IrT8ZhWLeVGB1ZGnv5xvwW1K77Yi

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE "Café Analyst";
ALTER ROLE "Café Analyst" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE app_owner;
ALTER ROLE app_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE app_ro;
ALTER ROLE app_ro WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE app_rw;
ALTER ROLE app_rw WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 20;
CREATE ROLE azure_pg_admin;
ALTER ROLE azure_pg_admin WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE azure_superuser;
ALTER ROLE azure_superuser WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE azuresu;
ALTER ROLE azuresu WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE pgadmin;
ALTER ROLE pgadmin WITH NOSUPERUSER INHERIT CREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:livYj0Qv1vb8THvaIZP1aA==$VYRh1s51BqbRd/qZrBKa+Q39fZlWU6Lxs1PN3z+IaVE=:H3U1SEACyQoAnu6/q42JU1ytVHFr+nBJbwO2MkAE2Nk=';
CREATE ROLE replication;
ALTER ROLE replication WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN REPLICATION NOBYPASSRLS;
CREATE ROLE reporting_user;
ALTER ROLE reporting_user WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--

--
-- User Config "app_rw"
--

ALTER ROLE app_rw SET statement_timeout TO '30s';


--
-- Role memberships
--

GRANT app_owner TO pgadmin GRANTED BY azuresu;
GRANT app_ro TO "Café Analyst" GRANTED BY azuresu;
GRANT app_ro TO app_rw GRANTED BY azuresu;
GRANT app_ro TO reporting_user GRANTED BY azuresu;
GRANT azure_pg_admin TO pgadmin GRANTED BY azuresu;






\unrestrict NlappuvTaiNCIUJJZYF45ezs2vaJDWjt7J1IrT8ZhWLeVGB1ZGnv5xvwW1K77Yi

--
-- Databases
--

--
-- Database "template1" dump
--

\connect template1

--
-- PostgreSQL database dump
--

\restrict 9V1NvAXebSNpaqhkoC28T1cbXrJsa5mehN71QJwEnakD6lR4ruAZfGKbeKF0Uno

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- PostgreSQL database dump complete
--

\unrestrict 9V1NvAXebSNpaqhkoC28T1cbXrJsa5mehN71QJwEnakD6lR4ruAZfGKbeKF0Uno

--
-- Database "Café Analytics" dump
--

--
-- PostgreSQL database dump
--

\restrict qgdOccvJNdDv2bvhYaSp218LMhrEepynfvbsayilFCiVmmbefIJnUhLvBrvXCVx

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Café Analytics; Type: DATABASE; Schema: -; Owner: pgadmin
--

CREATE DATABASE "Café Analytics" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


ALTER DATABASE "Café Analytics" OWNER TO pgadmin;

\unrestrict qgdOccvJNdDv2bvhYaSp218LMhrEepynfvbsayilFCiVmmbefIJnUhLvBrvXCVx
\encoding SQL_ASCII
\connect -reuse-previous=on "dbname='Café Analytics'"
\restrict qgdOccvJNdDv2bvhYaSp218LMhrEepynfvbsayilFCiVmmbefIJnUhLvBrvXCVx

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: reporting; Type: SCHEMA; Schema: -; Owner: Café Analyst
--

CREATE SCHEMA reporting;


ALTER SCHEMA reporting OWNER TO "Café Analyst";

--
-- Name: SCHEMA reporting; Type: COMMENT; Schema: -; Owner: Café Analyst
--

COMMENT ON SCHEMA reporting IS 'Rapports quotidiens — données agrégées.';


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: events; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.events (
    id bigint NOT NULL,
    page_id integer NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    visitor text NOT NULL
);


ALTER TABLE public.events OWNER TO postgres;

--
-- Name: pages; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.pages (
    id integer NOT NULL,
    path public.citext NOT NULL,
    title text NOT NULL
);


ALTER TABLE public.pages OWNER TO postgres;

--
-- Name: daily_visits; Type: TABLE; Schema: reporting; Owner: Café Analyst
--

CREATE TABLE reporting.daily_visits (
    day date NOT NULL,
    visits integer NOT NULL,
    unique_visitors integer NOT NULL
);


ALTER TABLE reporting.daily_visits OWNER TO "Café Analyst";

--
-- Name: top_pages; Type: VIEW; Schema: reporting; Owner: Café Analyst
--

CREATE VIEW reporting.top_pages AS
 SELECT p.path,
    count(*) AS hits
   FROM (public.events e
     JOIN public.pages p ON ((p.id = e.page_id)))
  GROUP BY p.path;


ALTER TABLE reporting.top_pages OWNER TO "Café Analyst";

--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: pages pages_path_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_path_key UNIQUE (path);


--
-- Name: pages pages_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_pkey PRIMARY KEY (id);


--
-- Name: daily_visits daily_visits_pkey; Type: CONSTRAINT; Schema: reporting; Owner: Café Analyst
--

ALTER TABLE ONLY reporting.daily_visits
    ADD CONSTRAINT daily_visits_pkey PRIMARY KEY (day);


--
-- Name: events_page_time_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX events_page_time_idx ON public.events USING btree (page_id, occurred_at);


--
-- Name: pages_title_trgm_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX pages_title_trgm_idx ON public.pages USING gin (title public.gin_trgm_ops);


--
-- Name: events events_page_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.pages(id);


--
-- Name: TABLE events; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.events TO "Café Analyst";
GRANT SELECT ON TABLE public.events TO reporting_user;


--
-- Name: TABLE pages; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.pages TO "Café Analyst";
GRANT SELECT ON TABLE public.pages TO reporting_user;


--
-- PostgreSQL database dump complete
--

\unrestrict qgdOccvJNdDv2bvhYaSp218LMhrEepynfvbsayilFCiVmmbefIJnUhLvBrvXCVx

--
-- Database "azure_maintenance" dump
--

--
-- PostgreSQL database dump
--

\restrict 1ZEfxeaoL19YaT6W3gXI0szb54oO0YyDsxXcbhIbxb3P3hoAVvP2yieaWvtjCp7

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: azure_maintenance; Type: DATABASE; Schema: -; Owner: postgres
--

CREATE DATABASE azure_maintenance WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


ALTER DATABASE azure_maintenance OWNER TO postgres;

\unrestrict 1ZEfxeaoL19YaT6W3gXI0szb54oO0YyDsxXcbhIbxb3P3hoAVvP2yieaWvtjCp7
\connect azure_maintenance
\restrict 1ZEfxeaoL19YaT6W3gXI0szb54oO0YyDsxXcbhIbxb3P3hoAVvP2yieaWvtjCp7

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: maintenance; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA maintenance;


ALTER SCHEMA maintenance OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: history; Type: TABLE; Schema: maintenance; Owner: postgres
--

CREATE TABLE maintenance.history (
    id integer NOT NULL,
    task text NOT NULL,
    ran_at timestamp with time zone NOT NULL
);


ALTER TABLE maintenance.history OWNER TO postgres;

--
-- Name: history history_pkey; Type: CONSTRAINT; Schema: maintenance; Owner: postgres
--

ALTER TABLE ONLY maintenance.history
    ADD CONSTRAINT history_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict 1ZEfxeaoL19YaT6W3gXI0szb54oO0YyDsxXcbhIbxb3P3hoAVvP2yieaWvtjCp7

--
-- Database "azure_sys" dump
--

--
-- PostgreSQL database dump
--

\restrict a3C3YmhNROGxm5CPgXhAUqyys0Ls4oOaEqoHt4jyoGJcSjsxFigRvOwDpBukIfr

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: azure_sys; Type: DATABASE; Schema: -; Owner: postgres
--

CREATE DATABASE azure_sys WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


ALTER DATABASE azure_sys OWNER TO postgres;

\unrestrict a3C3YmhNROGxm5CPgXhAUqyys0Ls4oOaEqoHt4jyoGJcSjsxFigRvOwDpBukIfr
\connect azure_sys
\restrict a3C3YmhNROGxm5CPgXhAUqyys0Ls4oOaEqoHt4jyoGJcSjsxFigRvOwDpBukIfr

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: query_store; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA query_store;


ALTER SCHEMA query_store OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: runtime_stats_entries; Type: TABLE; Schema: query_store; Owner: postgres
--

CREATE TABLE query_store.runtime_stats_entries (
    runtime_stats_entry_id bigint NOT NULL,
    query_id bigint NOT NULL,
    calls bigint NOT NULL,
    total_time double precision NOT NULL
);


ALTER TABLE query_store.runtime_stats_entries OWNER TO postgres;

--
-- Name: runtime_stats_entries runtime_stats_entries_pkey; Type: CONSTRAINT; Schema: query_store; Owner: postgres
--

ALTER TABLE ONLY query_store.runtime_stats_entries
    ADD CONSTRAINT runtime_stats_entries_pkey PRIMARY KEY (runtime_stats_entry_id);


--
-- PostgreSQL database dump complete
--

\unrestrict a3C3YmhNROGxm5CPgXhAUqyys0Ls4oOaEqoHt4jyoGJcSjsxFigRvOwDpBukIfr

--
-- Database "inventory" dump
--

--
-- PostgreSQL database dump
--

\restrict EEUhLR9kqdXrsZqgGddgnUbw8LWZfC8e8ksdKBxzQWdlyZtBAvpeNGkiofUq8B1

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: inventory; Type: DATABASE; Schema: -; Owner: pgadmin
--

CREATE DATABASE inventory WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


ALTER DATABASE inventory OWNER TO pgadmin;

\unrestrict EEUhLR9kqdXrsZqgGddgnUbw8LWZfC8e8ksdKBxzQWdlyZtBAvpeNGkiofUq8B1
\connect inventory
\restrict EEUhLR9kqdXrsZqgGddgnUbw8LWZfC8e8ksdKBxzQWdlyZtBAvpeNGkiofUq8B1

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: items; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.items (
    id integer NOT NULL,
    name text NOT NULL,
    weight_kg numeric(8,3)
);


ALTER TABLE public.items OWNER TO postgres;

--
-- Name: movements; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.movements (
    id bigint NOT NULL,
    item_id integer NOT NULL,
    moved_on date NOT NULL,
    delta integer NOT NULL
)
PARTITION BY RANGE (moved_on);


ALTER TABLE public.movements OWNER TO postgres;

--
-- Name: movements_2024_01; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.movements_2024_01 (
    id bigint NOT NULL,
    item_id integer NOT NULL,
    moved_on date NOT NULL,
    delta integer NOT NULL
);


ALTER TABLE public.movements_2024_01 OWNER TO postgres;

--
-- Name: movements_2024_02; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.movements_2024_02 (
    id bigint NOT NULL,
    item_id integer NOT NULL,
    moved_on date NOT NULL,
    delta integer NOT NULL
);


ALTER TABLE public.movements_2024_02 OWNER TO postgres;

--
-- Name: movements_2024_03; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.movements_2024_03 (
    id bigint NOT NULL,
    item_id integer NOT NULL,
    moved_on date NOT NULL,
    delta integer NOT NULL
);


ALTER TABLE public.movements_2024_03 OWNER TO postgres;

--
-- Name: stock; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.stock (
    warehouse_id integer NOT NULL,
    item_id integer NOT NULL,
    quantity integer DEFAULT 0 NOT NULL
);


ALTER TABLE public.stock OWNER TO postgres;

--
-- Name: warehouses; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.warehouses (
    id integer NOT NULL,
    code text NOT NULL,
    city text NOT NULL
);


ALTER TABLE public.warehouses OWNER TO postgres;

--
-- Name: movements_2024_01; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements ATTACH PARTITION public.movements_2024_01 FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');


--
-- Name: movements_2024_02; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements ATTACH PARTITION public.movements_2024_02 FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');


--
-- Name: movements_2024_03; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements ATTACH PARTITION public.movements_2024_03 FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');


--
-- Name: items items_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_pkey PRIMARY KEY (id);


--
-- Name: movements movements_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements
    ADD CONSTRAINT movements_pkey PRIMARY KEY (id, moved_on);


--
-- Name: movements_2024_01 movements_2024_01_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements_2024_01
    ADD CONSTRAINT movements_2024_01_pkey PRIMARY KEY (id, moved_on);


--
-- Name: movements_2024_02 movements_2024_02_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements_2024_02
    ADD CONSTRAINT movements_2024_02_pkey PRIMARY KEY (id, moved_on);


--
-- Name: movements_2024_03 movements_2024_03_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.movements_2024_03
    ADD CONSTRAINT movements_2024_03_pkey PRIMARY KEY (id, moved_on);


--
-- Name: stock stock_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.stock
    ADD CONSTRAINT stock_pkey PRIMARY KEY (warehouse_id, item_id);


--
-- Name: warehouses warehouses_code_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.warehouses
    ADD CONSTRAINT warehouses_code_key UNIQUE (code);


--
-- Name: warehouses warehouses_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.warehouses
    ADD CONSTRAINT warehouses_pkey PRIMARY KEY (id);


--
-- Name: movements_2024_01_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.movements_pkey ATTACH PARTITION public.movements_2024_01_pkey;


--
-- Name: movements_2024_02_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.movements_pkey ATTACH PARTITION public.movements_2024_02_pkey;


--
-- Name: movements_2024_03_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.movements_pkey ATTACH PARTITION public.movements_2024_03_pkey;


--
-- Name: stock stock_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.stock
    ADD CONSTRAINT stock_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.items(id);


--
-- Name: stock stock_warehouse_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.stock
    ADD CONSTRAINT stock_warehouse_id_fkey FOREIGN KEY (warehouse_id) REFERENCES public.warehouses(id);


--
-- PostgreSQL database dump complete
--

\unrestrict EEUhLR9kqdXrsZqgGddgnUbw8LWZfC8e8ksdKBxzQWdlyZtBAvpeNGkiofUq8B1

--
-- Database "postgres" dump
--

\connect postgres

--
-- PostgreSQL database dump
--

\restrict ru1f4DYjDpjAA2Fge91B0C7oKrirzeLGmavDV1vXqCh82brcuPGvnw5q88yDnof

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- PostgreSQL database dump complete
--

\unrestrict ru1f4DYjDpjAA2Fge91B0C7oKrirzeLGmavDV1vXqCh82brcuPGvnw5q88yDnof

--
-- Database "shop" dump
--

--
-- PostgreSQL database dump
--

\restrict bbrfDgrALuiXdgonc6vVh2Y6vYvqV6RRVREBaemjFhhyBrwXUt0FtJXlmm4M4Gl

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: shop; Type: DATABASE; Schema: -; Owner: pgadmin
--

CREATE DATABASE shop WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';


ALTER DATABASE shop OWNER TO pgadmin;

\unrestrict bbrfDgrALuiXdgonc6vVh2Y6vYvqV6RRVREBaemjFhhyBrwXUt0FtJXlmm4M4Gl
\connect shop
\restrict bbrfDgrALuiXdgonc6vVh2Y6vYvqV6RRVREBaemjFhhyBrwXUt0FtJXlmm4M4Gl

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: customer_lifetime_value(integer); Type: FUNCTION; Schema: public; Owner: app_owner
--

CREATE FUNCTION public.customer_lifetime_value(p_customer integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM order_totals WHERE customer_id = p_customer $$;


ALTER FUNCTION public.customer_lifetime_value(p_customer integer) OWNER TO app_owner;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: public; Owner: app_owner
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    country character(2) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


ALTER TABLE public.customers OWNER TO app_owner;

--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: app_owner
--

ALTER TABLE public.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: order_items; Type: TABLE; Schema: public; Owner: app_owner
--

CREATE TABLE public.order_items (
    order_id bigint NOT NULL,
    product_id integer NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    CONSTRAINT order_items_quantity_check CHECK ((quantity > 0))
);


ALTER TABLE public.order_items OWNER TO app_owner;

--
-- Name: order_number_seq; Type: SEQUENCE; Schema: public; Owner: app_owner
--

CREATE SEQUENCE public.order_number_seq
    START WITH 100000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.order_number_seq OWNER TO app_owner;

--
-- Name: order_totals; Type: VIEW; Schema: public; Owner: app_owner
--

CREATE VIEW public.order_totals AS
SELECT
    NULL::bigint AS id,
    NULL::integer AS customer_id,
    NULL::timestamp with time zone AS ordered_at,
    NULL::numeric AS total;


ALTER TABLE public.order_totals OWNER TO app_owner;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: app_owner
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    order_number bigint DEFAULT nextval('public.order_number_seq'::regclass) NOT NULL,
    customer_id integer NOT NULL,
    ordered_at timestamp with time zone NOT NULL,
    status text NOT NULL,
    CONSTRAINT orders_status_check CHECK ((status = ANY (ARRAY['new'::text, 'paid'::text, 'shipped'::text, 'cancelled'::text])))
);


ALTER TABLE public.orders OWNER TO app_owner;

--
-- Name: TABLE orders; Type: COMMENT; Schema: public; Owner: app_owner
--

COMMENT ON TABLE public.orders IS 'One row per checkout.';


--
-- Name: products; Type: TABLE; Schema: public; Owner: app_owner
--

CREATE TABLE public.products (
    id integer NOT NULL,
    sku text NOT NULL,
    name text NOT NULL,
    price numeric(10,2) NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT products_price_check CHECK ((price >= (0)::numeric))
);


ALTER TABLE public.products OWNER TO app_owner;

--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: order_items order_items_pkey; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id);


--
-- Name: orders orders_order_number_key; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_order_number_key UNIQUE (order_number);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);


--
-- Name: products products_sku_key; Type: CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_sku_key UNIQUE (sku);


--
-- Name: order_items_product_id_idx; Type: INDEX; Schema: public; Owner: app_owner
--

CREATE INDEX order_items_product_id_idx ON public.order_items USING btree (product_id);


--
-- Name: orders_customer_id_idx; Type: INDEX; Schema: public; Owner: app_owner
--

CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id);


--
-- Name: orders_ordered_at_idx; Type: INDEX; Schema: public; Owner: app_owner
--

CREATE INDEX orders_ordered_at_idx ON public.orders USING btree (ordered_at);


--
-- Name: order_totals _RETURN; Type: RULE; Schema: public; Owner: app_owner
--

CREATE OR REPLACE VIEW public.order_totals AS
 SELECT o.id,
    o.customer_id,
    o.ordered_at,
    sum(((i.quantity)::numeric * i.unit_price)) AS total
   FROM (public.orders o
     JOIN public.order_items i ON ((i.order_id = o.id)))
  GROUP BY o.id;


--
-- Name: order_items order_items_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;


--
-- Name: order_items order_items_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id);


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app_owner
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT CREATE ON SCHEMA public TO app_owner;
GRANT USAGE ON SCHEMA public TO app_ro;


--
-- Name: TABLE customers; Type: ACL; Schema: public; Owner: app_owner
--

GRANT SELECT ON TABLE public.customers TO app_ro;
GRANT INSERT,DELETE,UPDATE ON TABLE public.customers TO app_rw;


--
-- Name: TABLE order_items; Type: ACL; Schema: public; Owner: app_owner
--

GRANT SELECT ON TABLE public.order_items TO app_ro;
GRANT INSERT,DELETE,UPDATE ON TABLE public.order_items TO app_rw;


--
-- Name: SEQUENCE order_number_seq; Type: ACL; Schema: public; Owner: app_owner
--

GRANT USAGE ON SEQUENCE public.order_number_seq TO app_rw;


--
-- Name: TABLE order_totals; Type: ACL; Schema: public; Owner: app_owner
--

GRANT SELECT ON TABLE public.order_totals TO app_ro;
GRANT INSERT,DELETE,UPDATE ON TABLE public.order_totals TO app_rw;


--
-- Name: TABLE orders; Type: ACL; Schema: public; Owner: app_owner
--

GRANT SELECT ON TABLE public.orders TO app_ro;
GRANT INSERT,DELETE,UPDATE ON TABLE public.orders TO app_rw;


--
-- Name: TABLE products; Type: ACL; Schema: public; Owner: app_owner
--

GRANT SELECT ON TABLE public.products TO app_ro;
GRANT INSERT,DELETE,UPDATE ON TABLE public.products TO app_rw;


--
-- PostgreSQL database dump complete
--

\unrestrict bbrfDgrALuiXdgonc6vVh2Y6vYvqV6RRVREBaemjFhhyBrwXUt0FtJXlmm4M4Gl

--
-- PostgreSQL database cluster dump complete
--

