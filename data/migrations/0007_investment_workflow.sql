-- The investment teams' workflow (issue 4): reservations record how and why they ended, blockers and
-- dropped projects carry their reason, and the lookups that matching and the per-owner blocker list
-- make on every request have indexes.
alter table reservations
  add column released_reason text check (released_reason in ('released', 'expired', 'transferred')),
  add column released_by text,
  add column reserved_by text,
  add constraint reservations_released_reason_check_pair check ((released_at is null) = (released_reason is null));

-- a project holds at most one parcel at a time
create unique index reservations_one_active_per_project on reservations (project_id) where released_at is null;

alter table blockers
  add constraint blockers_owner_length check (length(owner) between 1 and 100),
  add constraint blockers_resolved_has_resolution check (status <> 'resolved' or resolution is not null);
-- open blockers per owner, oldest due first
create index blockers_open_owner_due_idx on blockers (owner, due_on) where status <> 'resolved';

alter table projects
  add constraint projects_dropped_has_reason check (stage <> 'dropped' or dropped_reason is not null),
  add constraint projects_land_use_known check (
    need_land_use is null or need_land_use <@ array['M0', 'M1', 'M2', 'W', 'B', 'R', 'G', 'S']);
create index projects_sector_idx on projects (sector);

-- matching looks for the nearest finished road, water main or power line of each candidate parcel (KNN)
create index infrastructure_done_geom_3857_idx on infrastructure using gist (geom_3857) where status = 'done';
