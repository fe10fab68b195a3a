-- Every write that changes an existing record carries the version it was based on (issue 11), so two admins never
-- silently overwrite each other. Users get a version like parcels and projects. Zone settings are edited as one
-- document (PATCH /api/zone/settings changes several keys at once), so the document has one version, kept in a
-- one-row table; locking that row also serialises two admins' edits of the settings.
alter table users add column version integer not null default 1 check (version > 0);

create table zone_settings_version (
  -- one row only
  id boolean primary key default true check (id),
  version integer not null default 1 check (version > 0),
  updated_at timestamptz not null default now()
);
insert into zone_settings_version default values;
