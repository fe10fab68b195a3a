-- Reminders and the regular meeting (issue 16). A notification is written in the same transaction as what it tells
-- (a new order, a step of an order, a red card), for each user concerned; the e-mails and robot messages it needs go
-- to outboxes in that transaction too and are delivered after the commit (and retried), so a rolled-back write
-- never sends anything and a crash between commit and delivery loses nothing. digests_sent makes the daily digest
-- go out once per user and day, whichever instance sends it.
create table notifications (
  id bigint generated always as identity primary key,
  username text not null references users (username) on delete cascade on update cascade,
  kind text not null check (kind in ('order_issued', 'order_step', 'red_card', 'digest')),
  title text not null check (length(title) between 1 and 300),
  body text not null check (length(body) <= 4000),
  order_id bigint references orders (id) on delete cascade,
  item_type text check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'project', 'parcel')),
  item_id bigint,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_idx on notifications (username, id desc);
create index notifications_unread_idx on notifications (username) where read_at is null;

create table mail_outbox (
  id bigint generated always as identity primary key,
  recipients text[] not null check (cardinality(recipients) > 0),
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index mail_outbox_pending_idx on mail_outbox (id) where sent_at is null;

create table webhook_outbox (
  id bigint generated always as identity primary key,
  url text not null check (url ~ '^https?://'),
  payload jsonb not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index webhook_outbox_pending_idx on webhook_outbox (id) where sent_at is null;

create table digests_sent (
  username text not null references users (username) on delete cascade on update cascade,
  day date not null,
  primary key (username, day)
);

-- 例会: the command centre's regular meeting; its decisions are orders (orders.meeting_id)
create table meetings (
  id bigint generated always as identity primary key,
  title text not null check (length(title) between 1 and 200),
  held_on date not null,
  attendees text[] not null default '{}',
  notes text check (length(notes) <= 20000),
  created_by text not null,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now()
);
create index meetings_held_on_idx on meetings (held_on desc, id desc);
alter table orders add column meeting_id bigint references meetings (id) on delete set null;
create index orders_meeting_idx on orders (meeting_id) where meeting_id is not null;
