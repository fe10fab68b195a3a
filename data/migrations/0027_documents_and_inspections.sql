-- Documents and field inspections (issue 17). Files live in PostgreSQL, so pg_dump and the embedded data directory
-- back them up with everything else: each distinct content once (content-addressed by SHA-256), cut in chunks so
-- no statement carries a whole file; documents and inspection photos point at a content.
create table file_contents (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size >= 0),
  -- decided from the bytes (magic numbers), never from the name
  media_type text not null,
  chunks integer not null check (chunks >= 0),
  created_at timestamptz not null default now()
);

create table file_chunks (
  sha256 text not null references file_contents (sha256) on delete cascade,
  seq integer not null check (seq >= 0),
  data bytea not null,
  primary key (sha256, seq)
);

-- A document attached to a parcel, a project, a milestone (a parcel's milestone of one kind) or an order.
-- Uploading a file of the same name to the same subject adds a version; earlier versions stay.
create table documents (
  id bigint generated always as identity primary key,
  subject_type text not null check (subject_type in ('parcel', 'project', 'milestone', 'order')),
  subject_id bigint not null,
  -- the milestone's kind when the subject is a milestone (subject_id is then its parcel)
  milestone_kind text check (milestone_kind in (
    'acquisition', 'clearance', 'leveling', 'servicing',
    'planning_conditions', 'listing', 'transfer', 'handover')),
  name text not null check (length(name) between 1 and 255),
  version integer not null check (version > 0),
  sha256 text not null references file_contents (sha256),
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  check ((subject_type = 'milestone') = (milestone_kind is not null))
);
create unique index documents_subject_name_version_idx
  on documents (subject_type, subject_id, coalesce(milestone_kind, ''), name, version);
create index documents_subject_idx on documents (subject_type, subject_id);

-- An inspection (巡查) recorded on site, often offline: the phone makes its id (client_id), so sending it again
-- after a lost answer finds the same record instead of a second one.
create table inspections (
  id bigint generated always as identity primary key,
  client_id uuid not null unique,
  subject_type text not null check (subject_type in ('parcel', 'project', 'milestone', 'blocker', 'order')),
  subject_id bigint not null,
  milestone_kind text check (milestone_kind in (
    'acquisition', 'clearance', 'leveling', 'servicing',
    'planning_conditions', 'listing', 'transfer', 'handover')),
  finding text not null check (finding in ('normal', 'problem')),
  note text not null default '' check (length(note) <= 4000),
  -- where it was recorded: the device's position, else the first photo's EXIF position; kept internally
  position geometry(Point, 4326),
  position_source text check (position_source in ('device', 'photo')),
  -- when it was recorded on site (the phone's clock), and when the server received it
  inspected_at timestamptz not null,
  received_at timestamptz not null default now(),
  author text not null,
  check ((subject_type = 'milestone') = (milestone_kind is not null)),
  check ((position is null) = (position_source is null))
);
create index inspections_subject_idx on inspections (subject_type, subject_id);
create index inspections_position_idx on inspections using gist (position);

create table inspection_photos (
  inspection_id bigint not null references inspections (id) on delete cascade,
  seq integer not null check (seq >= 1),
  name text not null check (length(name) between 1 and 255),
  sha256 text not null references file_contents (sha256),
  -- from the photo's EXIF, when it has them
  position geometry(Point, 4326),
  taken_at timestamptz,
  primary key (inspection_id, seq)
);
