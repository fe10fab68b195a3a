import {
  type ColumnDef,
  type ColumnFiltersState,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  LAND_USES,
  type LandUse,
  PARCEL_STATUSES,
  type ParcelStatus,
  PROJECT_STAGES,
  type ProjectStage,
  SECTORS,
  type Sector,
} from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'
import { downloadText, toCsv } from './csv'
import { type ParcelRow, parcelColumns, projectColumns, type TableColumn, useParcelRows } from './table-rows'

type Tab = 'parcels' | 'projects'
const ROW_HEIGHT = 30

type AttributeTableProps = {
  /** the parcel or project selected on the map (its row is highlighted and scrolled into view) */
  selection: { kind: string; id: number } | null
  projects: readonly Project[] | undefined
  onSelectParcel: (id: number) => void
  onSelectProject: (id: number) => void
  onClose: () => void
  today: string
}

/**
 * 属性表: the parcels or the projects as a table under the map — sort by any column, filter, choose the columns,
 * export what it shows (CSV with the headers shown, UTF-8 for Excel and WPS). A row selects its parcel or project
 * on the map and opens its panel; a selection on the map highlights its row. Rows are virtualised: a zone of
 * 10,000 parcels draws only the rows in view.
 */
export function AttributeTable({
  selection,
  projects,
  onSelectParcel,
  onSelectProject,
  onClose,
  today,
}: AttributeTableProps) {
  const { t } = useTranslation()
  const id = useId()
  const [tab, setTab] = useState<Tab>(selection?.kind === 'project' ? 'projects' : 'parcels')
  const [folded, setFolded] = useState(false)
  const parcels = useParcelRows(tab === 'parcels')
  return (
    <section className="attribute-drawer" data-folded={folded} aria-labelledby={`${id}-title`}>
      <div className="attribute-bar">
        <h2 id={`${id}-title`} className="attribute-title">
          {t('panels.table.title')}
        </h2>
        <div className="attribute-tabs" role="tablist" aria-label={t('panels.table.title')}>
          {(['parcels', 'projects'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              className={tab === name ? 'button-small button-accent' : 'button-small'}
              onClick={() => {
                setTab(name)
                setFolded(false)
              }}
            >
              {t(`panels.table.${name}`)}
            </button>
          ))}
        </div>
        <span className="attribute-spacer" />
        <button type="button" className="button-small" onClick={() => setFolded((f) => !f)}>
          {folded ? t('panels.table.unfold') : t('panels.table.fold')}
        </button>
        <button type="button" className="button-small" onClick={onClose}>
          {t('panels.table.close')}
        </button>
      </div>
      {!folded &&
        (tab === 'parcels' ? (
          parcels.data ? (
            <RowsTable<ParcelRow>
              key="parcels"
              kind="parcels"
              rows={parcels.data}
              columns={parcelColumns(t)}
              selectedId={selection?.kind === 'parcel' ? selection.id : null}
              onSelect={onSelectParcel}
              filters={[
                {
                  column: 'status',
                  label: t('parcel.status'),
                  values: PARCEL_STATUSES,
                  text: (v) => t(`parcelStatus.${v as ParcelStatus}`),
                },
                {
                  column: 'land_use',
                  label: t('parcel.landUse'),
                  values: LAND_USES,
                  text: (v) => t(`landUse.${v as LandUse}`),
                },
              ]}
              filename={`parcels-${today}.csv`}
            />
          ) : (
            <p className={parcels.isError ? 'panel-error' : 'panel-note'} role="status">
              {parcels.isError
                ? t('panels.table.failed', { message: parcels.error.message })
                : t('panel.loading')}
            </p>
          )
        ) : projects ? (
          <RowsTable<Project>
            key="projects"
            kind="projects"
            rows={projects}
            columns={projectColumns(t)}
            selectedId={selection?.kind === 'project' ? selection.id : null}
            onSelect={onSelectProject}
            filters={[
              {
                column: 'stage',
                label: t('project.stage'),
                values: PROJECT_STAGES,
                text: (v) => t(`projectStage.${v as ProjectStage}`),
              },
              {
                column: 'sector',
                label: t('project.sector'),
                values: SECTORS,
                text: (v) => t(`sector.${v as Sector}`),
              },
            ]}
            filename={`projects-${today}.csv`}
          />
        ) : (
          <p className="panel-note">{t('panel.loading')}</p>
        ))}
    </section>
  )
}

interface ChoiceFilter {
  column: string
  label: string
  values: readonly string[]
  text: (value: string) => string
}

type RowsTableProps<Row extends { id: number }> = {
  kind: Tab
  rows: readonly Row[]
  columns: TableColumn<Row>[]
  selectedId: number | null
  onSelect: (id: number) => void
  filters: ChoiceFilter[]
  filename: string
}

function RowsTable<Row extends { id: number }>({
  kind,
  rows,
  columns,
  selectedId,
  onSelect,
  filters,
  filename,
}: RowsTableProps<Row>) {
  const { t } = useTranslation()
  const id = useId()
  const [sorting, setSorting] = useState<SortingState>([])
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([])
  const [search, setSearch] = useState('')
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(columns.filter((c) => c.hidden).map((c) => [c.id, false])),
  )
  const [choosing, setChoosing] = useState(false)
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns])

  const definitions = useMemo<ColumnDef<Row>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        accessorFn: (row: Row) => column.sortValue(row) ?? undefined,
        // choice filters compare the stored value (a code), the search box the shown text
        filterFn: (row, columnId, value: string) => row.getValue(columnId) === value,
        sortUndefined: 'last',
        sortDescFirst: false,
        sortingFn: (a, b, columnId) => compare(a.getValue(columnId), b.getValue(columnId)),
      })),
    // the columns' words follow the language; their set never changes
    [columns],
  )
  const table = useReactTable({
    data: rows as Row[],
    columns: definitions,
    state: { sorting, columnFilters, globalFilter: search, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setSearch,
    onColumnVisibilityChange: setVisibility,
    getRowId: (row) => String(row.id),
    globalFilterFn: (row, _columnId, value: string) => {
      const needle = value.trim().toLowerCase()
      if (!needle) return true
      return columns.some((c) => c.text(row.original).toLowerCase().includes(needle))
    },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  })
  const shown = table.getRowModel().rows
  const visibleColumns = table.getVisibleLeafColumns()

  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  // a selection on the map: its row scrolled into view (when the filters show it)
  const selectedIndex = selectedId === null ? -1 : shown.findIndex((row) => row.original.id === selectedId)
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  const exportShown = () => {
    const headers = visibleColumns.map((c) => byId.get(c.id)?.header ?? c.id)
    const lines = shown.map((row) =>
      visibleColumns.map((c) => {
        const column = byId.get(c.id)
        if (!column) return null
        return column.csv ? column.csv(row.original) : column.text(row.original)
      }),
    )
    downloadText(toCsv(headers, lines), filename)
  }

  const items = virtualizer.getVirtualItems()
  const before = items[0]?.start ?? 0
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  const filterValue = (column: string) =>
    (columnFilters.find((f) => f.id === column)?.value as string | undefined) ?? ''

  return (
    <div className="attribute-body">
      <div className="attribute-tools">
        <input
          type="search"
          className="attribute-search"
          aria-label={t('panels.table.search')}
          placeholder={t('panels.table.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {filters.map((filter) => (
          <select
            key={filter.column}
            aria-label={filter.label}
            value={filterValue(filter.column)}
            onChange={(event) =>
              table.getColumn(filter.column)?.setFilterValue(event.target.value || undefined)
            }
          >
            <option value="">{t('panels.table.all', { what: filter.label })}</option>
            {filter.values.map((value) => (
              <option key={value} value={value}>
                {filter.text(value)}
              </option>
            ))}
          </select>
        ))}
        <span className="attribute-count" role="status">
          {t('panels.table.count', { shown: shown.length, total: rows.length })}
        </span>
        <span className="attribute-spacer" />
        <div className="attribute-columns">
          <button
            type="button"
            className="button-small"
            aria-expanded={choosing}
            aria-controls={`${id}-columns`}
            onClick={() => setChoosing((c) => !c)}
          >
            {t('panels.table.columns')}
          </button>
          {choosing && (
            <fieldset id={`${id}-columns`} className="attribute-column-list">
              <legend>{t('panels.table.columns')}</legend>
              {table.getAllLeafColumns().map((column) => (
                <label key={column.id}>
                  <input
                    type="checkbox"
                    checked={column.getIsVisible()}
                    disabled={column.getIsVisible() && visibleColumns.length === 1}
                    onChange={column.getToggleVisibilityHandler()}
                  />{' '}
                  {byId.get(column.id)?.header}
                </label>
              ))}
            </fieldset>
          )}
        </div>
        <button type="button" className="button-small" onClick={exportShown} disabled={shown.length === 0}>
          {t('panels.table.export')}
        </button>
      </div>
      <div className="attribute-scroll" ref={scroller}>
        <table className="attribute-table" data-kind={kind} aria-rowcount={shown.length + 1}>
          <thead>
            <tr>
              {visibleColumns.map((column) => {
                const sorted = column.getIsSorted()
                const definition = byId.get(column.id)
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    className={definition?.numeric ? 'numeric' : undefined}
                  >
                    <button
                      type="button"
                      className="attribute-sort"
                      onClick={column.getToggleSortingHandler()}
                    >
                      {definition?.header}
                      <span aria-hidden="true">
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody>
            {before > 0 && (
              <tr className="attribute-gap">
                <td colSpan={visibleColumns.length} style={{ height: before, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = shown[item.index]
              if (!row) return null
              const selected = row.original.id === selectedId
              return (
                <tr
                  key={row.id}
                  data-id={row.original.id}
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  className={selected ? 'attribute-row selected' : 'attribute-row'}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => onSelect(row.original.id)}
                >
                  {visibleColumns.map((column) => {
                    const definition = byId.get(column.id)
                    return (
                      <td key={column.id} className={definition?.numeric ? 'numeric' : undefined}>
                        {column.id === visibleColumns[0]?.id ? (
                          <button type="button" className="attribute-open" tabIndex={0}>
                            {definition?.text(row.original)}
                          </button>
                        ) : (
                          definition?.text(row.original)
                        )}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
            {after > 0 && (
              <tr className="attribute-gap">
                <td colSpan={visibleColumns.length} style={{ height: after, padding: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
        {shown.length === 0 && <p className="panel-note">{t('panels.table.none')}</p>}
      </div>
    </div>
  )
}

/** Numbers by value, texts in Chinese collation, empty values last whichever the direction. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a ?? ''), String(b ?? ''))
}
const collator = new Intl.Collator('zh-CN', { numeric: true })
