-- Every login attempt, kept in the database: the audit log of who logged in from where, and the count
-- behind the lockout after repeated failures, shared by every server instance.
create table login_attempts (
  id bigint generated always as identity primary key,
  username text not null,
  ip text,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index login_attempts_username_idx on login_attempts (username, attempted_at desc);
