-- 压实责任 (issue 16): every late item has a department that owns it. Until now owners were free text on milestones,
-- blockers and infrastructure; they become records (departments) with their users, so an order can go to a
-- department, its users can answer it and reminders can reach them. The owner text stays (the API shows it and
-- older clients send it): a trigger keeps each row's department_id and owner in step, and creates the department
-- when a write names one not seen before, so no existing write path breaks.
-- Lateness is graded (正常 / 黄牌 / 红牌) by one SQL function that mirrors server/domain/escalation.ts; the grade of
-- every late item is kept in escalations and each change of grade in escalation_changes (recorded by the day's turn).
create table departments (
  id bigint generated always as identity primary key,
  name text not null unique check (length(name) between 1 and 100),
  name_en text check (length(name_en) between 1 and 200),
  -- optional group robot (WeCom / DingTalk) that gets this department's reminders
  webhook_url text check (webhook_url ~ '^https?://'),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now()
);

alter table users add column department_id bigint references departments (id) on delete set null;
alter table users add column email text check (email ~ '^[^@\s]+@[^@\s]+$');
create index users_department_id_idx on users (department_id);

-- milestones had no id of their own (parcel_id, kind): orders and escalations point at them by one
alter table parcel_milestones add column id bigint generated always as identity unique;
alter table parcel_milestones add column department_id bigint references departments (id) on delete set null;
alter table blockers add column department_id bigint references departments (id) on delete set null;
alter table infrastructure add column department_id bigint references departments (id) on delete set null;
-- the department of the project's manager (项目经理服务制: the investment bureau's people)
alter table projects add column department_id bigint references departments (id) on delete set null;
create index parcel_milestones_department_idx on parcel_milestones (department_id);
create index blockers_department_idx on blockers (department_id);
create index infrastructure_department_idx on infrastructure (department_id);
create index projects_department_idx on projects (department_id);

-- today's owner strings become departments
insert into departments (name)
select distinct btrim(owner) from (
  select owner from parcel_milestones union select owner from blockers union select owner from infrastructure
) o where owner is not null and length(btrim(owner)) between 1 and 100
on conflict (name) do nothing;
update parcel_milestones m set department_id = d.id from departments d where d.name = btrim(m.owner);
update blockers b set department_id = d.id from departments d where d.name = btrim(b.owner);
update infrastructure i set department_id = d.id from departments d where d.name = btrim(i.owner);
insert into departments (name)
select '招商局' where exists (select 1 from projects where manager is not null)
on conflict (name) do nothing;
update projects set department_id = (select id from departments where name = '招商局') where manager is not null;

/* The department named `owner`, created when it does not exist yet; null for no owner. */
create function department_for_owner(owner text) returns bigint
language plpgsql as $$
declare
  found bigint;
begin
  if owner is null or length(btrim(owner)) = 0 or length(btrim(owner)) > 100 then
    return null;
  end if;
  select id into found from departments where name = btrim(owner);
  if found is null then
    insert into departments (name) values (btrim(owner)) on conflict (name) do nothing;
    select id into found from departments where name = btrim(owner);
  end if;
  return found;
end $$;

/* Keeps owner (text) and department_id of a row in step: whichever of the two a write changed wins. */
create function owner_department_sync() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if new.owner is distinct from old.owner then
      new.department_id := department_for_owner(new.owner);
    elsif new.department_id is distinct from old.department_id and new.department_id is not null then
      new.owner := (select name from departments where id = new.department_id);
    end if;
  elsif new.owner is null and new.department_id is not null then
    new.owner := (select name from departments where id = new.department_id);
  else
    new.department_id := department_for_owner(new.owner);
  end if;
  return new;
end $$;

create trigger parcel_milestones_owner_department before insert or update on parcel_milestones
  for each row execute function owner_department_sync();
create trigger blockers_owner_department before insert or update on blockers
  for each row execute function owner_department_sync();
create trigger infrastructure_owner_department before insert or update on infrastructure
  for each row execute function owner_department_sync();

/* A renamed department renames the owner text of what it owns. */
create function department_renamed() returns trigger
language plpgsql as $$
begin
  update parcel_milestones set owner = new.name where department_id = new.id;
  update blockers set owner = new.name where department_id = new.id;
  update infrastructure set owner = new.name where department_id = new.id;
  return new;
end $$;
create trigger departments_renamed after update of name on departments
  for each row when (new.name is distinct from old.name) execute function department_renamed();

/*
 * How far behind an item is, in points (server/domain/escalation.ts, escalationLag): with progress, the share of
 * the planned duration elapsed (capped at 100) minus the progress; without, the days past due as a share of the
 * planned duration; 0 without a planned duration (no start, or start not before due).
 */
create function escalation_lag(today date, due_on date, start_on date, progress_pct float8) returns float8
language sql immutable as $$
  select case
    when start_on is null or due_on <= start_on then 0::float8
    when progress_pct is not null then
      greatest(least((today - start_on) * 100.0::float8 / (due_on - start_on), 100::float8), 0::float8) - progress_pct
    else greatest(today - due_on, 0) * 100.0::float8 / (due_on - start_on)
  end
$$;

/*
 * The grade of an item not done (server/domain/escalation.ts, escalationLevel): red when days past due reach
 * red_days or the lag exceeds red_lag_pct; yellow when days past due reach yellow_days or the lag reaches
 * yellow_lag_pct; else normal. `t` is the zone's thresholds (zone settings key "escalation").
 */
create function escalation_level(today date, due_on date, start_on date, progress_pct float8, t jsonb)
returns text
language sql immutable as $$
  select case
    when greatest(today - due_on, 0) >= (t ->> 'red_days')::int
      or escalation_lag(today, due_on, start_on, progress_pct) > (t ->> 'red_lag_pct')::float8 then 'red'
    when greatest(today - due_on, 0) >= (t ->> 'yellow_days')::int
      or escalation_lag(today, due_on, start_on, progress_pct) >= (t ->> 'yellow_lag_pct')::float8 then 'yellow'
    else 'normal'
  end
$$;

-- the grade each late item has now (items not listed are normal)
create table escalations (
  item_type text not null check (item_type in ('milestone', 'infrastructure', 'blocker', 'order')),
  item_id bigint not null,
  level text not null check (level in ('normal', 'yellow', 'red')),
  since date not null,
  primary key (item_type, item_id)
);

-- every change of grade, as the day's turn (or a write) found it
create table escalation_changes (
  id bigint generated always as identity primary key,
  item_type text not null check (item_type in ('milestone', 'infrastructure', 'blocker', 'order')),
  item_id bigint not null,
  department_id bigint references departments (id) on delete set null,
  from_level text not null check (from_level in ('normal', 'yellow', 'red')),
  to_level text not null check (to_level in ('normal', 'yellow', 'red')),
  changed_on date not null,
  recorded_at timestamptz not null default now(),
  check (from_level <> to_level)
);
create index escalation_changes_item_idx on escalation_changes (item_type, item_id, changed_on);
create index escalation_changes_on_idx on escalation_changes (changed_on);
