-- The map's search box (issue 14): a few typed characters find parcels by code or name, projects by name or
-- company, and firms by name, anywhere in the text (ILIKE '%…%'). pg_trgm's GIN indexes serve such patterns
-- (three characters or more) without reading every row; the embedded database (PGlite) ships pg_trgm too, so
-- the SQL is the same on both. pg_trgm is a trusted extension: the database's owner may create it.
create extension if not exists pg_trgm;

create index parcels_code_trgm_idx on parcels using gin (code gin_trgm_ops);
create index parcels_name_trgm_idx on parcels using gin (name gin_trgm_ops);
create index projects_name_trgm_idx on projects using gin (name gin_trgm_ops);
create index projects_company_trgm_idx on projects using gin (company gin_trgm_ops);
create index firms_name_trgm_idx on firms using gin (name gin_trgm_ops);
