/**
 * The sample restore set shipped in resources/sample: three small user databases (one with an
 * awkward name) with Azure-like roles. Deterministic: no random(), no now(), so regenerating it
 * yields the same rows.
 */
import type { DatabaseSpec } from './make-restore-set';

/** Roles like a Flexible Server's: the server admin in azure_pg_admin, app roles, memberships granted by azuresu. */
export const SAMPLE_ROLES_SQL = `
  CREATE ROLE pgadmin WITH LOGIN CREATEDB CREATEROLE;
  GRANT azure_pg_admin TO pgadmin GRANTED BY azuresu;
  CREATE ROLE app_owner WITH NOLOGIN;
  CREATE ROLE app_ro WITH NOLOGIN;
  CREATE ROLE app_rw WITH LOGIN CONNECTION LIMIT 20;
  CREATE ROLE reporting_user WITH LOGIN;
  CREATE ROLE "Café Analyst" WITH LOGIN;
  GRANT app_owner TO pgadmin GRANTED BY azuresu;
  GRANT app_ro TO app_rw GRANTED BY azuresu;
  GRANT app_ro TO reporting_user GRANTED BY azuresu;
  GRANT app_ro TO "Café Analyst" GRANTED BY azuresu;
  ALTER ROLE app_rw SET statement_timeout = '30s';
`;

const SHOP_SQL = `
  GRANT CREATE ON SCHEMA public TO app_owner;
  SET ROLE app_owner;
  CREATE SEQUENCE order_number_seq START 100000;
  CREATE TABLE customers (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    country char(2) NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE products (
    id int PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    tags text[] NOT NULL DEFAULT '{}'
  );
  CREATE TABLE orders (
    id bigint PRIMARY KEY,
    order_number bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
    customer_id int NOT NULL REFERENCES customers (id),
    ordered_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled'))
  );
  CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id int NOT NULL REFERENCES products (id),
    quantity int NOT NULL CHECK (quantity > 0),
    unit_price numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
  );
  CREATE INDEX orders_customer_id_idx ON orders (customer_id);
  CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);
  CREATE INDEX order_items_product_id_idx ON order_items (product_id);
  COMMENT ON TABLE orders IS 'One row per checkout.';

  INSERT INTO customers (email, name, country, created_at)
    SELECT 'customer' || i || '@example.com', 'Customer ' || i, (ARRAY['NL','DE','FR','US','GB'])[1 + i % 5],
           timestamptz '2023-01-01 00:00:00+00' + i * interval '7 hours'
    FROM generate_series(1, 1000) AS i;
  INSERT INTO products
    SELECT i, 'SKU-' || lpad(i::text, 5, '0'), 'Product ' || i, round((5 + (i * 7919) % 19500 / 100.0)::numeric, 2),
           CASE WHEN i % 3 = 0 THEN ARRAY['sale'] ELSE ARRAY['new', 'eco'] END
    FROM generate_series(1, 200) AS i;
  INSERT INTO orders (id, customer_id, ordered_at, status)
    SELECT i, 1 + (i * 37) % 1000, timestamptz '2024-01-01 00:00:00+00' + i * interval '53 minutes',
           (ARRAY['new','paid','shipped','cancelled'])[1 + i % 4]
    FROM generate_series(1, 3000) AS i;
  INSERT INTO order_items
    SELECT o, 1 + (o * 13 + (k - 1) * 101) % 200, 1 + (o + k) % 4, round((5 + ((o * k) % 9500) / 100.0)::numeric, 2)
    FROM generate_series(1, 3000) AS o, generate_series(1, 2) AS k;

  CREATE VIEW order_totals AS
    SELECT o.id, o.customer_id, o.ordered_at, sum(i.quantity * i.unit_price) AS total
    FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id;
  CREATE FUNCTION customer_lifetime_value(p_customer int) RETURNS numeric
    LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(total), 0) FROM order_totals WHERE customer_id = p_customer $$;
  RESET ROLE;
  GRANT USAGE ON SCHEMA public TO app_ro;
  GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro;
  GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rw;
  GRANT USAGE ON SEQUENCE order_number_seq TO app_rw;
`;

const CAFE_SQL = `
  CREATE EXTENSION citext;
  CREATE EXTENSION pg_trgm;
  CREATE SCHEMA reporting AUTHORIZATION "Café Analyst";
  COMMENT ON SCHEMA reporting IS 'Rapports quotidiens — données agrégées.';
  CREATE TABLE public.pages (
    id int PRIMARY KEY,
    path citext NOT NULL UNIQUE,
    title text NOT NULL
  );
  CREATE INDEX pages_title_trgm_idx ON public.pages USING gin (title gin_trgm_ops);
  CREATE TABLE public.events (
    id bigint PRIMARY KEY,
    page_id int NOT NULL REFERENCES public.pages (id),
    occurred_at timestamptz NOT NULL,
    visitor text NOT NULL
  );
  CREATE INDEX events_page_time_idx ON public.events (page_id, occurred_at);
  CREATE TABLE reporting.daily_visits (
    day date PRIMARY KEY,
    visits int NOT NULL,
    unique_visitors int NOT NULL
  );
  INSERT INTO public.pages
    SELECT i, '/Menu/' || (ARRAY['Café','Crème-Brûlée','Thé','Gâteau','Smørrebrød'])[1 + i % 5] || '/' || i,
           (ARRAY['Café au lait','Crème brûlée','Thé vert','Gâteau basque','Smørrebrød'])[1 + i % 5] || ' n°' || i
    FROM generate_series(1, 100) AS i;
  INSERT INTO public.events
    SELECT i, 1 + (i * 17) % 100, timestamptz '2024-03-01 08:00:00+00' + i * interval '11 minutes', 'visitor-' || (i % 350)
    FROM generate_series(1, 2000) AS i;
  INSERT INTO reporting.daily_visits
    SELECT date '2024-01-01' + d, 100 + (d * 31) % 400, 50 + (d * 17) % 200 FROM generate_series(0, 90) AS d;
  CREATE VIEW reporting.top_pages AS
    SELECT p.path, count(*) AS hits FROM public.events e JOIN public.pages p ON p.id = e.page_id GROUP BY p.path;
  ALTER TABLE reporting.daily_visits OWNER TO "Café Analyst";
  ALTER VIEW reporting.top_pages OWNER TO "Café Analyst";
  GRANT SELECT ON public.pages, public.events TO "Café Analyst", reporting_user;
`;

const INVENTORY_SQL = `
  CREATE TABLE warehouses (id int PRIMARY KEY, code text NOT NULL UNIQUE, city text NOT NULL);
  CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, weight_kg numeric(8,3));
  CREATE TABLE stock (
    warehouse_id int NOT NULL REFERENCES warehouses (id),
    item_id int NOT NULL REFERENCES items (id),
    quantity int NOT NULL DEFAULT 0,
    PRIMARY KEY (warehouse_id, item_id)
  );
  CREATE TABLE movements (
    id bigint NOT NULL, item_id int NOT NULL, moved_on date NOT NULL, delta int NOT NULL,
    PRIMARY KEY (id, moved_on)
  ) PARTITION BY RANGE (moved_on);
  CREATE TABLE movements_2024_01 PARTITION OF movements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
  CREATE TABLE movements_2024_02 PARTITION OF movements FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
  CREATE TABLE movements_2024_03 PARTITION OF movements FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
  INSERT INTO warehouses SELECT i, 'WH' || i, (ARRAY['Amsterdam','Rotterdam','Utrecht','Eindhoven','Groningen'])[1 + i % 5]
    FROM generate_series(1, 10) AS i;
  INSERT INTO items SELECT i, 'Item ' || i, (i % 50) * 0.125 FROM generate_series(1, 300) AS i;
  INSERT INTO stock SELECT w, i, (w * i) % 97 FROM generate_series(1, 10) AS w, generate_series(1, 150) AS i;
  INSERT INTO movements SELECT i, 1 + i % 300, date '2024-01-01' + (i % 91), (i % 21) - 10 FROM generate_series(1, 1200) AS i;
`;

/** The user databases of the sample, owned by the Azure-like admin `pgadmin`. */
export const SAMPLE_DATABASES: DatabaseSpec[] = [
  { name: 'shop', owner: 'pgadmin', setupSql: SHOP_SQL },
  { name: 'Café Analytics', owner: 'pgadmin', setupSql: CAFE_SQL },
  { name: 'inventory', owner: 'pgadmin', setupSql: INVENTORY_SQL },
];
