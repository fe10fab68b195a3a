-- Investment projects (招商项目) from lead to production, their stage history, blockers (难点堵点)
-- and the reservations that hold a parcel for one project at a time.
create table projects (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  company text not null check (length(company) between 1 and 200),
  sector text not null check (sector in (
    'new_materials', 'optoelectronics', 'automotive', 'low_altitude', 'intelligent_manufacturing',
    'biomedicine', 'services', 'traditional_manufacturing')),
  kind text not null default 'new' check (kind in ('new', 'expansion')),
  stage text not null default 'lead' check (stage in (
    'lead', 'negotiating', 'signed', 'land_acquired', 'construction', 'in_production', 'dropped')),
  -- money is exact: integer 万元
  investment_wan bigint not null default 0 check (investment_wan >= 0 and investment_wan <= 100000000),
  lead_on date,
  signed_on date,
  landed_on date,
  dropped_reason text,
  source_city text,
  expected_jobs integer check (expected_jobs >= 0),
  manager text,
  is_headquarters boolean not null default false,
  parcel_id bigint references parcels (id) on delete set null,
  -- the site of the project (the parcel's centroid when placed, the existing site for an expansion)
  location geometry(Point, 4326),
  location_3857 geometry(Point, 3857) generated always as (ST_Transform(location, 3857)) stored,
  need_area_mu_min numeric(10, 2) check (need_area_mu_min > 0),
  need_area_mu_max numeric(10, 2) check (need_area_mu_max > 0),
  need_land_use text[],
  needed_by date,
  need_power_kva integer check (need_power_kva >= 0),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (need_area_mu_min is null or need_area_mu_max is null or need_area_mu_min <= need_area_mu_max),
  check (signed_on is null or landed_on is null or signed_on <= landed_on)
);
create index projects_location_idx on projects using gist (location);
create index projects_location_3857_idx on projects using gist (location_3857);
create index projects_stage_idx on projects (stage);
create index projects_signed_on_idx on projects (signed_on);
create index projects_parcel_id_idx on projects (parcel_id);

create table project_stage_history (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id) on delete cascade,
  stage text not null check (stage in (
    'lead', 'negotiating', 'signed', 'land_acquired', 'construction', 'in_production', 'dropped')),
  entered_on date not null,
  note text,
  actor text,
  recorded_at timestamptz not null default now()
);
create index project_stage_history_project_idx on project_stage_history (project_id, entered_on);

create table blockers (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id) on delete cascade,
  title text not null check (length(title) between 1 and 500),
  owner text not null,
  due_on date,
  status text not null default 'open' check (status in ('open', 'in_progress', 'resolved')),
  resolution text,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index blockers_project_idx on blockers (project_id);

create table reservations (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id) on delete cascade,
  parcel_id bigint not null references parcels (id) on delete cascade,
  reserved_on date not null,
  until date not null,
  released_at timestamptz,
  created_at timestamptz not null default now(),
  check (reserved_on <= until)
);
-- two projects can never hold the same parcel at once
create unique index reservations_one_active_per_parcel on reservations (parcel_id) where released_at is null;
create index reservations_project_idx on reservations (project_id);
