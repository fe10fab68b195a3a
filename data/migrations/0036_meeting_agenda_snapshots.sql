-- A past regular meeting's agenda (例会议程) and its minutes must read next month as they did after the meeting:
-- rebuilt from today's data "as of its day", the items done since then dropped out and the open blockers were
-- today's. The day's turn computes the agenda of every meeting held before the new day once and keeps it here
-- (null until then; agenda_frozen_at says when); the meeting's decisions (its orders) are not kept, they stay live.
-- Meetings already past when this runs are frozen at the next day's turn, from the data of that moment.
alter table meetings add column agenda jsonb, add column agenda_frozen_at timestamptz;
alter table meetings add constraint meetings_agenda_frozen_check check ((agenda is null) = (agenda_frozen_at is null));
