-- 巡查任务 (issue 17): an inspection task is an order (0022) of kind 'inspection' — assigned to a department, due
-- by a date, graded when late, answered, done and accepted like any order — that is done only once an inspection
-- (0027) records the check. Leaders issue them by hand (source 'leader', as every supervision order); the app creates one when a department other
-- than the checking one marks a milestone done ('milestone_done', the item is the milestone) and when a land
-- sale's promised start of construction passes ('start_deadline', the item is the parcel), at most once each.
alter table orders add column kind text not null default 'supervision'
  check (kind in ('supervision', 'inspection'));
alter table orders add column source text not null default 'leader'
  check (source in ('leader', 'milestone_done', 'start_deadline'));
alter table orders add check (kind = 'inspection' or source = 'leader');
create unique index orders_automatic_inspection_idx on orders (item_type, item_id, source)
  where source in ('milestone_done', 'start_deadline');
