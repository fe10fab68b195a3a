-- Who may read and write: users with one role each, browser sessions and API tokens for tools.
-- Sessions and tokens live here (not in process memory) so several API instances can serve one zone.
create table users (
  id bigint generated always as identity primary key,
  username text not null unique check (username ~ '^[a-z0-9_.-]{2,64}$'),
  display_name text,
  password_hash text not null,
  role text not null check (role in ('admin', 'land_officer', 'investment', 'leader')),
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

create table sessions (
  -- sha-256 of the cookie value: a leaked table does not leak usable sessions
  token_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_id_idx on sessions (user_id);

create table api_tokens (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  token_hash text not null unique,
  role text not null check (role in ('admin', 'land_officer', 'investment', 'leader')),
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Zone-wide settings an admin changes: milestone durations, matching weights, margins.
create table zone_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
