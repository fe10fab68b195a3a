-- 亩均效益 and 标准地 (issue 18): the zone grades its firms every year by what they yield per mu of the land they
-- use, and land sold as 标准地 carries commitments that are checked afterwards. Firms are records of their own,
-- linked to the projects that brought them and the parcels they use; their annual indicators are what officers
-- report (exact numerics, 万元 and tce); the land area is never stored here, it comes from the parcels (geography).
create table firms (
  id bigint generated always as identity primary key,
  name text not null unique check (length(name) between 1 and 200),
  -- 统一社会信用代码, when known
  credit_code text unique check (credit_code ~ '^[0-9A-Z]{18}$'),
  sector text check (sector in (
    'new_materials', 'optoelectronics', 'automotive', 'low_altitude', 'intelligent_manufacturing',
    'biomedicine', 'services', 'traditional_manufacturing')),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- the land a firm uses: a parcel is used by one firm at most
create table firm_parcels (
  firm_id bigint not null references firms (id) on delete cascade,
  parcel_id bigint not null unique references parcels (id) on delete cascade,
  since date,
  primary key (firm_id, parcel_id)
);

-- the firm a project belongs to (a new firm's project, or a local firm's expansion)
alter table projects add column firm_id bigint references firms (id) on delete set null;
create index projects_firm_id_idx on projects (firm_id);

-- one row per firm and year; a value left empty was not reported (the firm is then not graded that year)
create table firm_indicators (
  firm_id bigint not null references firms (id) on delete cascade,
  year integer not null check (year between 2000 and 2100),
  tax_wan numeric(14, 2) check (tax_wan >= 0),
  output_wan numeric(14, 2) check (output_wan >= 0),
  energy_tce numeric(14, 2) check (energy_tce >= 0),
  employees integer check (employees >= 0),
  rd_wan numeric(14, 2) check (rd_wan >= 0),
  version integer not null default 1 check (version > 0),
  updated_at timestamptz not null default now(),
  primary key (firm_id, year)
);
create index firm_indicators_year_idx on firm_indicators (year);

-- 标准地: what the buyer of a parcel committed to in the land sale (one sale per parcel)
create table land_commitments (
  id bigint generated always as identity primary key,
  parcel_id bigint not null unique references parcels (id) on delete cascade,
  firm_id bigint not null references firms (id) on delete cascade,
  project_id bigint references projects (id) on delete set null,
  sold_on date not null,
  investment_wan_per_mu numeric(10, 2) check (investment_wan_per_mu >= 0),
  output_wan_per_mu numeric(10, 2) check (output_wan_per_mu >= 0),
  tax_wan_per_mu numeric(10, 2) check (tax_wan_per_mu >= 0),
  far_min numeric(5, 2) check (far_min >= 0),
  start_by date not null,
  complete_by date not null,
  -- output and tax per mu are owed from this year on (达产年), each year
  output_from_year integer not null check (output_from_year between 2000 and 2100),
  -- what happened: filled in by officers as it happens
  started_on date,
  completed_on date,
  invested_wan numeric(14, 2) check (invested_wan >= 0),
  built_far numeric(5, 2) check (built_far >= 0),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (sold_on <= start_by and start_by <= complete_by),
  check (started_on is null or completed_on is null or started_on <= completed_on)
);
create index land_commitments_firm_idx on land_commitments (firm_id);

alter table history drop constraint history_entity_type_check;
alter table history add constraint history_entity_type_check check (entity_type in (
  'parcel', 'milestone', 'project', 'blocker', 'reservation', 'infrastructure', 'user', 'setting', 'token', 'firm'));
