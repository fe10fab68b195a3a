-- 压实责任 (issue 16) for the investment pipeline (issue 15): a project's follow-up whose next action is past its
-- date is a late item like a late milestone (the dashboard already counts it for the manager), graded
-- (正常/黄牌/红牌) from the day the follow-up was recorded to the next action's date, recorded, and its red card
-- reaches the manager's department. Only the kinds of item the grades and notifications name change here.
alter table escalations drop constraint escalations_item_type_check;
alter table escalations add constraint escalations_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'commitment', 'follow_up'));
alter table escalation_changes drop constraint escalation_changes_item_type_check;
alter table escalation_changes add constraint escalation_changes_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'commitment', 'follow_up'));
alter table notifications drop constraint notifications_item_type_check;
alter table notifications add constraint notifications_item_type_check
  check (item_type in ('milestone', 'infrastructure', 'blocker', 'order', 'project', 'parcel', 'commitment',
    'follow_up'));
