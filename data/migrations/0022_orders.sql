-- 督办 (issue 16): a leader orders an item done — a late milestone, an infrastructure line, a blocker, a project or a
-- parcel — by a department, with instructions and a due date. The department's users answer with progress notes
-- and mark it done; the leader accepts it or returns it. Orders are late and graded like any item
-- (escalation_level, migration 0021). Every step is a row of order_notes, the order's own thread.
create table orders (
  id bigint generated always as identity primary key,
  item_type text not null check (item_type in ('milestone', 'infrastructure', 'blocker', 'project', 'parcel')),
  item_id bigint not null,
  title text not null check (length(title) between 1 and 200),
  instructions text not null check (length(instructions) between 1 and 2000),
  department_id bigint not null references departments (id) on delete restrict,
  issued_by text not null,
  issued_on date not null,
  due_on date not null,
  status text not null default 'issued'
    check (status in ('issued', 'in_progress', 'done', 'returned', 'accepted')),
  done_on date,
  accepted_on date,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (issued_on <= due_on),
  check ((status in ('done', 'accepted')) = (done_on is not null)),
  check ((status = 'accepted') = (accepted_on is not null))
);
create index orders_department_status_idx on orders (department_id, status);
create index orders_item_idx on orders (item_type, item_id);
create index orders_issued_by_idx on orders (issued_by);

create table order_notes (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id) on delete cascade,
  action text not null check (action in ('issue', 'respond', 'done', 'accept', 'return')),
  note text check (length(note) <= 2000),
  actor text not null,
  at timestamptz not null default now()
);
create index order_notes_order_idx on order_notes (order_id, id);

-- orders and meetings are recorded in the one history table too (the list of 0016 and these)
alter table history drop constraint history_entity_type_check;
alter table history add constraint history_entity_type_check check (entity_type in (
  'parcel', 'milestone', 'project', 'blocker', 'reservation', 'infrastructure', 'user', 'setting', 'token', 'firm',
  'order', 'meeting', 'department'));
