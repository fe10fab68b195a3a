-- 标准地 (issue 18) meets 压实责任 (issue 16): a breached land-sale commitment is a late item like a late milestone,
-- graded (正常/黄牌/红牌) and recorded, and its red card reaches its department. Breaches are worked out when read
-- (server/db/firms.ts, findCommitments), so only the kinds of item the grades and notifications name change here.
alter table escalations drop constraint escalations_item_type_check;
alter table escalations add constraint escalations_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'commitment'));
alter table escalation_changes drop constraint escalation_changes_item_type_check;
alter table escalation_changes add constraint escalation_changes_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'commitment'));
alter table notifications drop constraint notifications_item_type_check;
alter table notifications add constraint notifications_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'project', 'parcel', 'commitment'));
-- commitments are created and edited through the API now: their history rows
alter table history drop constraint history_entity_type_check;
alter table history add constraint history_entity_type_check check (entity_type in (
  'parcel', 'milestone', 'project', 'blocker', 'reservation', 'infrastructure', 'user', 'setting', 'token', 'firm',
  'order', 'meeting', 'department', 'commitment'));
