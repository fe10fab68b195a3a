-- Park infrastructure under construction (roads, pipes, lines, substations) and its progress history.
-- Its finish dates decide when the parcels it serves can be serviced (七通一平).
create table infrastructure (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('road', 'water', 'drainage', 'power', 'telecom', 'gas', 'heat', 'substation')),
  name text not null check (length(name) between 1 and 200),
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done')),
  progress_pct numeric(5, 2) not null default 0 check (progress_pct between 0 and 100),
  planned_start date,
  planned_finish date,
  actual_finish date,
  capacity_kva integer check (capacity_kva >= 0),
  owner text,
  geom geometry(Geometry, 4326) not null check (ST_IsValid(geom) and not ST_IsEmpty(geom)),
  geom_3857 geometry(Geometry, 3857) generated always as (ST_Transform(geom, 3857)) stored,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (planned_start is null or planned_finish is null or planned_start <= planned_finish),
  check ((status = 'done') = (actual_finish is not null))
);
create index infrastructure_geom_idx on infrastructure using gist (geom);
create index infrastructure_geom_3857_idx on infrastructure using gist (geom_3857);
create index infrastructure_kind_idx on infrastructure (kind);

create table infrastructure_progress (
  id bigint generated always as identity primary key,
  infrastructure_id bigint not null references infrastructure (id) on delete cascade,
  reported_on date not null,
  progress_pct numeric(5, 2) not null check (progress_pct between 0 and 100),
  note text,
  actor text,
  recorded_at timestamptz not null default now()
);
create index infrastructure_progress_item_idx on infrastructure_progress (infrastructure_id, reported_on);

-- explicit links from a parcel to the infrastructure that serves it (besides lines within a distance)
create table parcel_infrastructure (
  parcel_id bigint not null references parcels (id) on delete cascade,
  infrastructure_id bigint not null references infrastructure (id) on delete cascade,
  primary key (parcel_id, infrastructure_id)
);
