-- Parcels (地块) and the milestones that make each one available (倒排 backward schedule).
-- Geometry is stored in WGS84; a generated 3857 copy feeds vector tiles without a per-request transform,
-- and the area is computed once on the spheroid (geography), never in degrees.
create table parcels (
  id bigint generated always as identity primary key,
  code text not null unique check (length(code) between 1 and 64),
  name text,
  land_use text not null check (land_use in ('M0', 'M1', 'M2', 'W', 'B', 'R', 'G', 'S')),
  status text not null default 'planned' check (status in (
    'planned', 'acquiring', 'clearing', 'servicing', 'available',
    'reserved', 'transferred', 'under_construction', 'in_production')),
  geom geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom) and not ST_IsEmpty(geom)),
  geom_3857 geometry(MultiPolygon, 3857) generated always as (ST_Transform(geom, 3857)) stored,
  area_m2 double precision generated always as (ST_Area(geom::geography)) stored,
  -- the date the parcel must be ready for hand-over (target of the backward schedule)
  target_on date,
  far_min numeric(5, 2) check (far_min >= 0),
  far_max numeric(5, 2) check (far_max >= 0),
  height_max_m numeric(6, 1) check (height_max_m > 0),
  note text,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (far_min is null or far_max is null or far_min <= far_max)
);
create index parcels_geom_idx on parcels using gist (geom);
create index parcels_geom_3857_idx on parcels using gist (geom_3857);
create index parcels_status_idx on parcels (status);
create index parcels_land_use_idx on parcels (land_use);

create table parcel_milestones (
  parcel_id bigint not null references parcels (id) on delete cascade,
  kind text not null check (kind in (
    'acquisition', 'clearance', 'leveling', 'servicing',
    'planning_conditions', 'listing', 'transfer', 'handover')),
  planned_on date,
  actual_on date,
  owner text,
  note text,
  version integer not null default 1 check (version > 0),
  updated_at timestamptz not null default now(),
  primary key (parcel_id, kind)
);

-- One history table for every change to any record: who, when, old -> new, why.
create table history (
  id bigint generated always as identity primary key,
  entity_type text not null check (entity_type in (
    'parcel', 'milestone', 'project', 'blocker', 'reservation', 'infrastructure', 'user', 'setting')),
  entity_id bigint not null,
  action text not null check (action in ('create', 'update', 'delete', 'stage', 'progress', 'import')),
  actor text,
  changed_at timestamptz not null default now(),
  changes jsonb not null default '{}'::jsonb,
  reason text
);
create index history_entity_idx on history (entity_type, entity_id, changed_at desc);
