-- Why: "when is this parcel available" was computed in JavaScript on every request, by four copies of the
-- forecast. One forecast per parcel is now stored here, written in the same transaction as every change that
-- affects it (milestones, schedule, geometry, infrastructure serving it, zone settings) and re-forecast when the
-- zone's day turns, so every consumer (list, map, dashboard, available_by, OGC datetime, matching, exports)
-- reads the same dates and SQL can filter and sum them.
create table land_forecasts (
  parcel_id bigint primary key references parcels (id) on delete cascade,
  -- the zone date (Asia/Shanghai) the forecast was computed for
  computed_for date not null,
  -- 可供日期: ready to offer (planning conditions done), actual or forecast
  ready_on date,
  -- 交地日期: hand-over, actual or forecast (the target when nothing is planned)
  handover_on date,
  readiness text check (readiness in ('done', 'on_track', 'at_risk', 'late')),
  -- the milestone the forecast hinges on
  critical_kind text check (critical_kind in ('acquisition', 'clearance', 'leveling', 'servicing',
    'planning_conditions', 'listing', 'transfer', 'handover')),
  -- whether the forecast may change when the day turns (something not done is still ahead)
  depends_on_today boolean not null,
  -- per milestone: kind, status (done/late/pending), forecast_on, behind
  milestones jsonb not null default '[]'
) with (fillfactor = 80); -- room for the day's turn to update in place
create index land_forecasts_ready_on on land_forecasts (ready_on);
create index land_forecasts_handover_on on land_forecasts (handover_on);
