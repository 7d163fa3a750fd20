/** A source database with every kind verification counts, and the rows that make COPY text tricky. */
export const RICH_SQL = (rows: number) => `
  CREATE SCHEMA shop;
  CREATE EXTENSION IF NOT EXISTS pgcrypto;
  CREATE TYPE shop.mood AS ENUM ('ok', 'meh');
  CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL UNIQUE, mood shop.mood, CHECK (id > 0));
  INSERT INTO shop.customers SELECT g, 'c' || g, 'ok' FROM generate_series(1, ${rows}) g;
  CREATE TABLE shop.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer int REFERENCES shop.customers,
    qty int, price numeric, total numeric GENERATED ALWAYS AS (qty * price) STORED, note text);
  INSERT INTO shop.orders (customer, qty, price, note)
    SELECT 1 + g % ${rows}, g % 7, 1.5, CASE g % 5 WHEN 0 THEN E'line1\\nline2' WHEN 1 THEN E'back\\\\slash\\\\' WHEN 2 THEN E'\\\\.' WHEN 3 THEN E'tab\\there\\r' ELSE NULL END
    FROM generate_series(1, ${rows * 3}) g;
  CREATE INDEX orders_customer ON shop.orders (customer);
  CREATE TABLE shop.empty_one (id int);
  CREATE UNLOGGED TABLE shop.scratch (k text, v text);
  INSERT INTO shop.scratch SELECT g::text, repeat('x', g % 50) FROM generate_series(1, ${rows}) g;
  CREATE TABLE shop.events (id int, at date NOT NULL, what text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
  CREATE TABLE shop.events_2023 PARTITION OF shop.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
  CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE INDEX events_what ON shop.events (what);
  INSERT INTO shop.events SELECT g, DATE '2023-01-01' + (g % 700), 'e' || g FROM generate_series(1, ${rows * 2}) g;
  CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE qty > 3;
  CREATE MATERIALIZED VIEW shop.order_totals AS SELECT customer, sum(total) AS t FROM shop.orders GROUP BY customer;
  CREATE MATERIALIZED VIEW shop.never_filled AS SELECT 1 AS x WITH NO DATA;
  CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE FUNCTION shop.add(a int, b shop.mood) RETURNS int LANGUAGE sql AS 'SELECT a';
  CREATE TRIGGER orders_touch BEFORE UPDATE ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch();
  ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY;
  CREATE POLICY own_rows ON shop.customers USING (id > 0);
  CREATE SEQUENCE shop.tickets START 100;
  SELECT nextval('shop.tickets'), nextval('shop.tickets');
  CREATE SEQUENCE shop.unused;
  COMMENT ON TABLE shop.orders IS 'orders';
  COMMENT ON COLUMN shop.orders.note IS 'free text';
  COMMENT ON SCHEMA shop IS 'the shop';
  COMMENT ON FUNCTION shop.add(int, shop.mood) IS 'adds';
  GRANT USAGE ON SCHEMA shop TO PUBLIC;
  GRANT SELECT ON shop.orders TO PUBLIC;
  GRANT SELECT (name) ON shop.customers TO PUBLIC;
  SELECT lo_from_bytea(0, 'large one'), lo_from_bytea(0, ''), lo_from_bytea(0, decode(repeat('ab', 40000), 'hex'));
  CREATE TABLE public.plain (id serial PRIMARY KEY, v text);
  INSERT INTO public.plain (v) SELECT 'v' || g FROM generate_series(1, ${rows}) g;
`;
