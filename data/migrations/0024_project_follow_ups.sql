-- The investment pipeline in the web (issue 15): a project's contacts, and its follow-up records (走访 / 洽谈):
-- when, who, what was said, and the next action with its date. The next action of a project's latest
-- follow-up is open; past its date it is late, and counts as late for the project's manager.
alter table projects
  add column contacts text check (contacts is null or length(contacts) between 1 and 500);

create table project_follow_ups (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id) on delete cascade,
  kind text not null check (kind in ('visit', 'talk')),
  happened_on date not null,
  who text not null check (length(who) between 1 and 200),
  what text not null check (length(what) between 1 and 2000),
  next_action text check (next_action is null or length(next_action) between 1 and 500),
  next_on date,
  actor text,
  created_at timestamptz not null default now(),
  check ((next_action is null) = (next_on is null)),
  check (next_on is null or next_on >= happened_on)
);
-- a project's follow-ups, latest first: the latest one's next action is the open one
create index project_follow_ups_project_idx on project_follow_ups (project_id, happened_on desc, id desc);
