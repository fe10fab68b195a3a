import type { panelsZhCN } from './panels-zh-CN'

/** Messages of the zone settings screen, the attribute table and the import's "show imported" (issue 14). */
export const panelsEn: typeof panelsZhCN = {
  settings: {
    title: 'Zone settings',
    hint: 'Change values, then Save settings; version {{version}}. If another admin saved first, your change will not overwrite theirs.',
    forecast: 'Land readiness forecast',
    imports: 'Parcel imports',
    importsHint:
      'An imported parcel smaller than the minimum parcel area (on the spheroid) is refused as a sliver, with its area.',
    forecastHint: 'Changing the at-risk margin or the serving distance re-forecasts every parcel at once.',
    durationsHint:
      'Milestone durations only shape backward scheduling (倒排); they change no existing forecast.',
    weightsHint:
      'Each weight is a number from 0 to 100, at least one above 0; the score is their weighted mean.',
    evaluationHint:
      'Per-mu evaluation: the indicator weights sum to 100; A is the top a %, A or B the top b %, D the bottom d % (b + d ≤ 100).',
    keys: {
      at_risk_margin_days: 'At-risk margin',
      serving_distance_m: 'Serving distance',
      min_parcel_area_m2: 'Minimum parcel area',
      milestone_durations: 'Milestone durations',
      matching_weights: 'Matching weights',
      evaluation: 'Evaluation weights and grade shares',
    },
    grade: { a: 'Share graded A', b: 'Share graded A or B', d: 'Share graded D' },
    days: 'days',
    metres: 'm',
    squareMetres: 'm²',
    save: 'Save settings',
    undo: 'Undo changes',
    saved: 'Settings saved.',
    unchanged: 'Nothing changed to save.',
    invalid: 'Some values are not valid; nothing was saved. Correct them as shown.',
    conflict:
      'Another admin changed the zone settings; yours were not saved. Load the latest settings and change them again.',
    reload: 'Load the latest settings',
    errors: {
      min: 'must be at least {{min}}',
      max: 'must be at most {{max}}',
      tooSmall: 'too small',
      tooBig: 'too large',
      integer: 'enter a whole number',
      number: 'enter a number',
      weightsPositive: 'at least one weight must be above 0',
      weightsSum100: 'the indicator weights must sum to 100',
      percentiles: 'the A share may not exceed the A-or-B share, and A-or-B plus D may not exceed 100',
      indicatorOnce: 'each indicator once',
      other: 'not valid ({{message}})',
    },
    history: {
      title: 'History',
      empty: 'The zone settings have not been changed yet.',
      changed: 'changed',
      listSeparator: ', ',
    },
  },
  table: {
    open: 'Attribute table',
    title: 'Attribute table',
    parcels: 'Parcels',
    projects: 'Projects',
    fold: 'Fold',
    unfold: 'Unfold',
    close: 'Close the table',
    search: 'Search (code, name, company…)',
    all: 'All: {{what}}',
    count: '{{shown}} of {{total}} shown',
    columns: 'Columns',
    export: 'Export shown as CSV',
    none: 'Nothing matches the filters.',
    failed: 'The table could not be loaded: {{message}}',
    areaMu: 'Area (mu)',
    areaM2: 'Area (m²)',
    investmentYi: 'Investment (亿元)',
  },
  imported: {
    show: 'Show the {{count}} imported parcels on the map',
    shown: '{{count}} imported (cyan)',
    overlaps: '{{count}} of them overlap another parcel (red dashes)',
    clear: 'Clear',
  },
  importFields: {
    auto: 'Automatic ({{names}})',
    checkFirst: 'Check the file and the field lists offer the fields it holds.',
    found: 'The file holds {{count}} fields: choose them in the lists above.',
  },
}
