-- Since pg_trgm 1.6 a trigram index answers `=` too, and the planner can take one for a plain equality lookup
-- where the column's btree is far better: a re-import's `code = any($1)` over 4,241 cadastre codes (which share
-- most of their trigrams) read parcels_code_trgm_idx for 29 s instead of the unique btree's milliseconds, and
-- findTakenCodes, findFirmsByNameOrCode (`name = any`) and single-code lookups were open to the same choice. An
-- operator class without `=` cannot be made by the database's owner (CREATE OPERATOR CLASS wants a superuser),
-- so the 0018 indexes move onto lower(column), an expression that only the text searches filter on
-- (server/db/trigram-ilike.ts): `code = …` can no longer match them, and `lower(code) ilike '%…%'` still does.
-- pg_trgm lowercases its trigrams anyway, so the indexes hold the same trigrams as before. pg_trgm is there since
-- 0018, on PostgreSQL and in the embedded database alike.
drop index parcels_code_trgm_idx;
drop index parcels_name_trgm_idx;
drop index projects_name_trgm_idx;
drop index projects_company_trgm_idx;
drop index firms_name_trgm_idx;

create index parcels_code_lower_trgm_idx on parcels using gin (lower(code) gin_trgm_ops);
create index parcels_name_lower_trgm_idx on parcels using gin (lower(name) gin_trgm_ops);
create index projects_name_lower_trgm_idx on projects using gin (lower(name) gin_trgm_ops);
create index projects_company_lower_trgm_idx on projects using gin (lower(company) gin_trgm_ops);
create index firms_name_lower_trgm_idx on firms using gin (lower(name) gin_trgm_ops);
