-- Indexes for matching and the dashboard at city scale (issue 6).
-- Matching gates candidates on land use and area among the parcels a project can still get and ranks them by
-- what else it knows without their geometry: this partial index finds and ranks them by a range scan of the
-- index alone instead of reading every parcel.
create index parcels_match_gate_idx on parcels (land_use, area_m2) include (id, status, target_on)
  where status not in ('transferred', 'under_construction', 'in_production');
-- The dashboard counts unscheduled parcels by their target date within the period it shows.
create index parcels_target_on_idx on parcels (target_on);
