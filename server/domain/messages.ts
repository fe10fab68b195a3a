/** The languages the app speaks; zh-CN first. */
export type Language = 'zh-CN' | 'en'

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en']

/** One message in every language the app speaks. */
export type Messages = Record<Language, string>

/** A message parameter: a value written as it is, or a text that is itself in every language. */
export type Param = string | number | Messages
export type Params = Record<string, Param>

/**
 * Every sentence the server says to a person, by key, in zh-CN and en, with `{name}` placeholders for its
 * parameters. The key's first part is the area ("parcel.", "import.", "geos."…); the error's `code` (not_found,
 * validation_failed…) is separate and stays the API's stable contract. To add a message: add a key here with
 * both languages, then throw `fail(status, code, 'the.key', { …params })` (server/errors.ts). The web reads the
 * same catalogue (web/features/milestones/api-error-message.ts) and tests/server/domain/messages.test.ts checks
 * that every key used in server/ is here and has both languages.
 */
export const MESSAGES = {
  // --- generic answers
  'request.invalid': { 'zh-CN': '请求无效：{reason}', en: '{reason}' },
  'request.field_invalid': { 'zh-CN': '{where} 无效：{reason}', en: '{where}: {reason}' },
  'request.version_required': {
    'zh-CN': '请发送所编辑记录的版本号（请求体中的 "version" 或 If-Match 头）',
    en: 'Send the version you edited, as "version" in the body or If-Match',
  },
  'request.version_conflict': {
    'zh-CN': '该记录已被他人修改（您提交的版本为 {version}），请重新加载后再修改',
    en: 'This record was changed by someone else (you sent version {version}); reload it and apply your change again',
  },
  'request.write_conflict': {
    'zh-CN': '他人同时修改了相同的记录，请重试',
    en: 'Others changed the same records at the same moment; try again',
  },
  'request.record_exists': { 'zh-CN': '已存在相同的记录', en: 'A record with these values exists' },
  'request.timeout': { 'zh-CN': '请求耗时过长，请重试', en: 'The request took too long; try again' },
  'request.database_unavailable': { 'zh-CN': '无法连接数据库', en: 'The database cannot be reached' },
  'request.internal': {
    'zh-CN': '服务器内部出错（请求编号 {id}）',
    en: 'Something went wrong on our side (request {id})',
  },
  'request.body_too_large': { 'zh-CN': '请求体超过 {mb} MB', en: 'The request body is over {mb} MB' },
  'request.multipart_required': {
    'zh-CN': '请以 multipart/form-data 格式在 "file" 字段中上传文件',
    en: 'Send the file as multipart/form-data in field "file"',
  },
  'request.multipart_unreadable': {
    'zh-CN': '无法读取 multipart 请求体',
    en: 'The multipart body cannot be read',
  },
  'request.file_missing': {
    'zh-CN': '请在 multipart 的 "file" 字段中上传文件',
    en: 'Send the file in the multipart field "file"',
  },
  'request.no_route': { 'zh-CN': '没有接口 {method} {path}', en: 'No route {method} {path}' },
  'request.bad_request': { 'zh-CN': '请求有误', en: 'Bad request' },
  'request.not_valid': { 'zh-CN': '请求无效', en: 'The request is not valid' },

  // --- orders and inspection tasks
  'order.inspection_required': {
    'zh-CN': '巡查任务 {id} 须先到现场记录巡查（结论、照片、位置），才能报办结',
    en: 'Record an inspection on site for task {id} (finding, photos, position) before marking it done',
  },

  // --- accounts and permissions
  'auth.header_invalid': {
    'zh-CN': 'Authorization 头须为 "Bearer <令牌>"（或以令牌为密码的 Basic）',
    en: 'Authorization header must be "Bearer <token>" (or Basic with the token as password)',
  },
  'auth.login_required': { 'zh-CN': '请登录或发送有效的 API 令牌', en: 'Log in or send a valid API token' },
  'auth.cross_origin': {
    'zh-CN': '使用登录 Cookie 的写操作必须来自本站',
    en: 'Cookie-authenticated writes must come from this site',
  },
  'auth.role_forbidden': {
    'zh-CN': '{role}角色无权调用 {route}',
    en: 'The {role} role may not call {route}',
  },
  'auth.too_many_attempts': {
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed logins; try again in {minutes} minutes',
  },
  'auth.invalid_credentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'user.not_found': { 'zh-CN': '没有用户 {id}', en: 'No user {id}' },
  'user.exists': { 'zh-CN': '用户 {username} 已存在', en: 'User {username} exists' },
  'user.self_demote': {
    'zh-CN': '管理员不能停用自己的账号或降低自己的角色',
    en: 'An admin cannot disable or demote their own account',
  },
  'department.not_found': { 'zh-CN': '部门 {id} 不存在', en: 'No department {id}' },
  'department.exists': { 'zh-CN': '部门「{name}」已存在', en: 'Department {name} exists' },
  'token.not_found': { 'zh-CN': '没有有效的令牌 {id}', en: 'No active token {id}' },

  // --- parcels
  'parcel.not_found': { 'zh-CN': '没有地块 {id}', en: 'No parcel {id}' },
  'parcel.gone': {
    'zh-CN': '地块 {id} 已被他人删除、分割或合并，请刷新地图',
    en: 'Parcel {id} was deleted, split or merged by someone else; reload the map',
  },
  'parcel.code_exists': { 'zh-CN': '地块编号 {code} 已存在', en: 'A parcel with code {code} exists' },
  'parcel.in_use': { 'zh-CN': '地块 {codes} 已被项目占用', en: 'Parcel {codes} is held by a project' },
  'parcel.not_connected': {
    'zh-CN': '这些地块不相连，不能合并为一个地块',
    en: 'These parcels do not form one connected area',
  },
  'parcel.split_not_two': {
    'zh-CN': '分割线没有把地块分成两块',
    en: 'The line does not cut the parcel in two',
  },
  'parcel.split_sliver': {
    'zh-CN':
      '分割后有一块面积 {area} m²，小于最小地块面积 {min} m²（分区设置 min_parcel_area_m2）：是碎片，请调整分割线',
    en: 'A piece would measure {area} m², less than the minimum parcel area of {min} m² (zone setting min_parcel_area_m2): a sliver — move the line',
  },
  'parcel.geometry': { 'zh-CN': '几何：{reason}', en: 'geometry: {reason}' },
  'parcel.milestone_invalid': { 'zh-CN': '节点日期有误：{reason}', en: '{reason}' },
  'schedule.infeasible': {
    'zh-CN':
      '无法在 {target} 交地：{why}；最早可行的目标日期为 {earliest}。发送 confirm_infeasible: true 可仍然保存',
    en: 'Hand-over on {target} cannot be met: {why}; the earliest feasible target is {earliest}. Send confirm_infeasible: true to save it anyway',
  },
  'schedule.past_starts': { 'zh-CN': '{list} 的最晚开始日期已过', en: 'the latest start of {list} is past' },
  'schedule.cannot_finish': {
    'zh-CN': '各节点无法在 {target} 前完成',
    en: 'the milestones cannot finish by {target}',
  },

  // --- geometry (PostGIS checks; GEOS reasons are translated by geosReason below)
  'geometry.unreadable': { 'zh-CN': '几何无法读取', en: 'geometry could not be read' },
  'geometry.empty': { 'zh-CN': '几何为空', en: 'geometry is empty' },
  'geometry.invalid': { 'zh-CN': '几何无效：{reason}', en: 'geometry is not valid: {reason}' },
  'geometry.overlaps': { 'zh-CN': '与地块 {codes} 重叠', en: 'geometry overlaps parcel {codes}' },
  'geometry.not_checked': { 'zh-CN': '几何未经校验', en: 'geometry was not checked' },
  'geos.self_intersection': { 'zh-CN': '自相交{at}', en: 'Self-intersection{at}' },
  'geos.ring_self_intersection': { 'zh-CN': '环自相交{at}', en: 'Ring Self-intersection{at}' },
  'geos.too_few_points': { 'zh-CN': '点数过少{at}', en: 'Too few points{at}' },
  'geos.hole_outside_shell': { 'zh-CN': '内环位于外环之外{at}', en: 'Hole lies outside shell{at}' },
  'geos.nested_holes': { 'zh-CN': '内环相互嵌套{at}', en: 'Holes are nested{at}' },
  'geos.interior_disconnected': { 'zh-CN': '内部不连通{at}', en: 'Interior is disconnected{at}' },
  'geos.nested_shells': { 'zh-CN': '外环相互嵌套{at}', en: 'Nested shells{at}' },
  'geos.duplicate_rings': { 'zh-CN': '环重复{at}', en: 'Duplicate Rings{at}' },
  'geos.invalid_coordinate': { 'zh-CN': '坐标无效{at}', en: 'Invalid Coordinate{at}' },
  'geos.ring_not_closed': { 'zh-CN': '环未闭合{at}', en: 'Ring is not closed{at}' },
  'geos.at': { 'zh-CN': '（位置 {point}）', en: '[{point}]' },

  // --- projects and reservations
  'project.not_found': { 'zh-CN': '没有项目 {id}', en: 'No project {id}' },
  'project.no_hold': { 'zh-CN': '项目 {id} 没有占用地块', en: 'Project {id} holds no parcel' },
  'project.no_blocker': {
    'zh-CN': '项目 {project} 没有问题事项 {blocker}',
    en: 'Project {project} has no blocker {blocker}',
  },
  'project.not_reservable': {
    'zh-CN': '处于“{stage}”阶段的项目不能预留地块',
    en: 'A project at stage {stage} cannot reserve a parcel',
  },
  'project.holds_parcel': {
    'zh-CN': '项目 {project} 已占用地块 {parcel}，请先释放',
    en: 'Project {project} already holds parcel {parcel}; release it first',
  },
  'project.holds_a_parcel': {
    'zh-CN': '项目 {project} 已占用一个地块，请先释放',
    en: 'Project {project} already holds a parcel; release it first',
  },
  'project.parcel_taken': {
    'zh-CN': '地块 {parcel} 已为 {project} 预留至 {until}',
    en: 'Parcel {parcel} is reserved for {project} until {until}',
  },
  'project.parcel_taken_other': {
    'zh-CN': '地块 {parcel} 已为其他项目预留',
    en: 'Parcel {parcel} is reserved for another project',
  },
  'project.parcel_not_available': {
    'zh-CN': '地块 {parcel} 当前为“{status}”，不可预留',
    en: 'Parcel {parcel} is {status}, not available for reservation',
  },
  'project.area_min_max': {
    'zh-CN': '最小面积 {min} 亩大于最大面积 {max} 亩',
    en: 'area_mu_min {min} is more than area_mu_max {max}',
  },
  'project.existing_parcel_missing': { 'zh-CN': '没有地块 {id}', en: 'no parcel {id}' },
  'project.location_far': {
    'zh-CN': '项目位置（经度 {lon}，纬度 {lat}）距园区所有地块都超过 {km} 公里，请检查经纬度是否填反',
    en: 'location {lon}, {lat} is more than {km} km from every parcel of the zone (longitude and latitude swapped?)',
  },
  'project.until_before_today': {
    'zh-CN': '预留截止日期 {date} 早于今天（{today}）',
    en: 'until {date} is before today ({today})',
  },
  'project.date_after_today': {
    'zh-CN': '{field} {date} 晚于今天（{today}）',
    en: '{field} {date} is after today ({today})',
  },
  'project.resolution_needed': {
    'zh-CN': '已解决的问题事项需要填写解决办法',
    en: 'a resolved blocker needs a resolution',
  },
  'project.on_before_stage': {
    'zh-CN': '日期 {on} 早于项目进入“{stage}”阶段的日期（{entered}）',
    en: 'on {on} is before the date the project entered {stage_code} ({entered})',
  },
  'project.landed_before_signed': {
    'zh-CN': '拿地日期 {landed} 将早于签约日期 {signed}',
    en: 'land acquired on {landed} would be before signing on {signed}',
  },
  'project.stage_same': { 'zh-CN': '项目已处于“{to}”阶段', en: 'the project is already at stage {to_code}' },
  'project.drop_needs_note': {
    'zh-CN': '终止项目需要填写原因',
    en: 'dropping a project needs a note giving the reason',
  },
  'project.reopen_needs_note': {
    'zh-CN': '将已终止的项目重新开启到“{to}”需要说明原因',
    en: 'reopening a dropped project at {to_code} needs a note saying why',
  },
  'project.back_needs_note': {
    'zh-CN': '从“{from}”退回到“{to}”需要说明原因',
    en: 'moving back from {from_code} to {to_code} needs a note saying why',
  },

  // --- milestone dates (domain/milestones.ts)
  'milestone.future': {
    'zh-CN': '实际日期 {date} 晚于今天（{today}）',
    en: 'actual_on {date} is in the future (today is {today})',
  },
  'milestone.before': {
    'zh-CN': '{kind}的{field}（{date}）早于{other}的（{other_date}）',
    en: '{field_code} of {kind_code} ({date}) is before that of {other_code} ({other_date})',
  },
  'milestone.after': {
    'zh-CN': '{kind}的{field}（{date}）晚于{other}的（{other_date}）',
    en: '{field_code} of {kind_code} ({date}) is after that of {other_code} ({other_date})',
  },
  'field.planned_on': { 'zh-CN': '计划日期', en: 'planned_on' },
  'field.actual_on': { 'zh-CN': '实际日期', en: 'actual_on' },

  // --- infrastructure
  'infrastructure.not_found': { 'zh-CN': '没有基础设施 {id}', en: 'No infrastructure item {id}' },
  'infrastructure.start_after_finish': {
    'zh-CN': '计划开工日期晚于计划完工日期',
    en: 'planned_start is after planned_finish',
  },
  'infrastructure.future_progress': {
    'zh-CN': '日期 {on} 晚于今天（{today}）',
    en: 'on {on} is in the future (today is {today})',
  },

  // --- maps, OGC, tiles, briefing, firms
  'map.no_tile_layer': {
    'zh-CN': '没有瓦片图层“{name}”；可用图层：{layers}',
    en: 'No tile layer "{name}"; layers are {layers}',
  },
  'map.tile_path': {
    'zh-CN': '瓦片地址为 /tiles/{layer}/{z}/{x}/{y}.mvt',
    en: 'Tiles are at /tiles/{layer}/{z}/{x}/{y}.mvt',
  },
  'map.tile_address': { 'zh-CN': '瓦片地址无效：{reason}', en: '{reason}' },
  'ogc.no_collection': {
    'zh-CN': '没有要素集“{id}”；可用要素集：{collections}',
    en: 'No collection "{id}"; collections are {collections}',
  },
  'ogc.no_feature': { 'zh-CN': '{collection} 中没有要素 {id}', en: 'No feature {id} in {collection}' },
  'ogc.bad_filter': { 'zh-CN': '筛选条件无法使用：{reason}', en: 'The filter cannot be used: {reason}' },
  'briefing.font_missing': {
    'zh-CN': '缺少中文字体 {file}，请安装 Debian 软件包 fonts-noto-cjk',
    en: 'The Chinese font {file} is missing; install the Debian package fonts-noto-cjk',
  },
  'briefing.not_png': { 'zh-CN': 'map_png 不是 PNG 图片', en: 'map_png is not a PNG image' },
  'briefing.png_unreadable': {
    'zh-CN': '无法读取 map_png：{reason}',
    en: 'map_png cannot be read: {reason}',
  },
  'firm.not_found': { 'zh-CN': '没有企业 {id}', en: 'No firm {id}' },
  'commitment.not_found': { 'zh-CN': '没有标准地承诺 {id}', en: 'No land-sale commitment {id}' },
  'commitment.exists': {
    'zh-CN': '地块 {parcel} 的出让已有标准地承诺（编号 {id}），请编辑该承诺',
    en: 'The sale of parcel {parcel} has a commitment already ({id}); edit that one',
  },
  'commitment.parcel_of_other_firm': {
    'zh-CN': '地块 {parcel} 由另一家企业（{firm}）使用，不能记为本企业的出让承诺',
    en: 'Parcel {parcel} is used by another firm ({firm}); its sale cannot be this firm’s commitment',
  },
  'commitment.start_before_sale': {
    'zh-CN': '开工期限（{start_by}）不能早于出让日期（{sold_on}）',
    en: 'The start deadline ({start_by}) cannot be before the sale ({sold_on})',
  },
  'commitment.complete_before_start': {
    'zh-CN': '竣工期限（{complete_by}）不能早于开工期限（{start_by}）',
    en: 'The completion deadline ({complete_by}) cannot be before the start deadline ({start_by})',
  },
  'commitment.completed_before_started': {
    'zh-CN': '实际竣工日期（{completed_on}）不能早于实际开工日期（{started_on}）',
    en: 'Completed on {completed_on} cannot be before started on {started_on}',
  },

  // --- imports
  'import.rejected': {
    'zh-CN': '{total} 个要素中有 {rejected} 个无法导入，未写入任何数据',
    en: '{rejected} of {total} features cannot be imported; nothing was written',
  },
  'import.unreadable': { 'zh-CN': '无法读取文件：{reason}', en: '{reason}' },
  'import.no_land_use': {
    'zh-CN': '新地块没有用地性质：请映射用地性质字段或选择默认用地性质',
    en: 'no land use for a new parcel: map a land-use field or choose a default land use',
  },
  'import.overlaps_parcel': { 'zh-CN': '与地块 {codes} 重叠', en: 'overlaps parcel {codes}' },
  'import.overlaps_row': { 'zh-CN': '与本文件中的 {rows}重叠', en: 'overlaps {rows} of this file' },
  'import.code_repeats': {
    'zh-CN': '编号 {code} 与要素 {earlier} 重复',
    en: 'code {code} repeats feature {earlier}',
  },
  'import.field_empty': { 'zh-CN': '字段 {field} 为空', en: 'field {field} is empty' },
  'import.no_code': {
    'zh-CN': '没有编号：要素既没有 code 或 DKBH 属性，也没有 id；请指定编号字段',
    en: 'no code: the feature has no code or DKBH property and no id; name the code field',
  },
  'import.code_too_long': { 'zh-CN': '编号超过 {max} 个字符', en: 'code is longer than {max} characters' },
  'import.unknown_land_use': {
    'zh-CN': '用地性质“{value}”不是 M0、M1、M2、W、B、R、G、S 之一，也不是已知的用地性质名称',
    en: 'land use "{value}" is not one of M0, M1, M2, W, B, R, G, S or a known 用地性质',
  },
  'import.sliver': {
    'zh-CN': '地块面积 {area} m²，小于最小地块面积 {min} m²（分区设置 min_parcel_area_m2）：是碎片',
    en: 'the parcel measures {area} m², less than the minimum parcel area of {min} m² (zone setting min_parcel_area_m2): a sliver',
  },
  'import.kml_no_polygon': {
    'zh-CN': 'KML 中没有面地标（{reason}）',
    en: 'the KML holds no polygon placemark ({reason})',
  },
  'import.warning_network_link': {
    'zh-CN': '已跳过网络链接（NetworkLink）“{name}”{href}：不读取外部文件',
    en: 'skipped NetworkLink "{name}"{href}: linked files are not fetched',
  },
  'import.warning_link_href': { 'zh-CN': '（链接 {href}）', en: ' ({href})' },
  'import.warning_ground_overlay': {
    'zh-CN': '已跳过地面叠加层（GroundOverlay）“{name}”：图片不是地块',
    en: 'skipped GroundOverlay "{name}": an image is not a parcel',
  },
  'import.warning_not_polygon': {
    'zh-CN': '已跳过第 {number} 个地标“{name}”：不是面（{type}）',
    en: 'skipped placemark {number} "{name}": not a polygon ({type})',
  },
  'import.warning_mixed_encoding': {
    'zh-CN': '文件编码混用：文件为 {encoding}，第 {lines} 行有字段为 UTF-8，已按各自编码读取，请核对名称',
    en: 'mixed encodings: the file is {encoding}, but fields on line(s) {lines} are UTF-8; each was read in its own encoding — check the names',
  },
  'import.txt_zones_mixed': {
    'zh-CN': '第 {line} 行：地块的界址点分属 {zones} 带，一个地块应在同一带内',
    en: 'line {line}: the parcel has points in zones {zones}; a parcel lies in one zone',
  },
  'export.txt_refused': {
    'zh-CN': '{total} 个地块中有 {refused} 个无法写入界址点坐标 TXT，未导出任何地块',
    en: '{refused} of {total} parcels cannot be written to the boundary-point TXT; nothing was exported',
  },
  'export.txt_code_unwritable': {
    'zh-CN': '地块编号含逗号或换行，TXT 无法原样写入（导入时会成为另一个地块）',
    en: 'the code holds a comma or a line break, which the TXT cannot carry',
  },
  'export.txt_outside_zones': {
    'zh-CN': '地块位于东经 {lon}°，在 CGCS2000 三度带 {first}–{last} 带（东经 {west}°–{east}°）之外',
    en: 'the parcel lies at {lon}°E, outside the CGCS2000 3-degree zones {first}–{last} ({west}°E–{east}°E)',
  },
  'import.position_not_numbers': {
    'zh-CN': '有一个坐标不是两个有限数值',
    en: 'a position is not two finite numbers',
  },
  'import.easting_out_of_range': {
    'zh-CN': '东坐标 {x} 超出 {crs} 的范围 {min}–{max} 米{hint}',
    en: "easting {x} is outside {crs}'s range {min}–{max} m{hint}",
  },
  'import.position_out_of_range': {
    'zh-CN': '坐标 {x}, {y} 超出 {crs} 的有效经纬度范围{hint}',
    en: 'position {x}, {y} is outside the valid lon/lat range in {crs}{hint}',
  },
  'import.hint_4526': {
    'zh-CN': '（带带号的东坐标应为 EPSG:4526）',
    en: ' (an easting with the zone number in front is EPSG:4526)',
  },
  'import.hint_4547': {
    'zh-CN': '（不带带号的东坐标应为 EPSG:4547）',
    en: ' (an easting without the zone number is EPSG:4547)',
  },
  'import.hint_projected': {
    'zh-CN': '（是投影坐标吗？请指定坐标系）',
    en: ' (projected coordinates? then name the CRS)',
  },
  'import.untranslated': { 'zh-CN': '{text}', en: '{text}' },
  'import.no_geometry': { 'zh-CN': '要素没有几何', en: 'the feature has no geometry' },
  'import.not_polygon': {
    'zh-CN': '几何类型 {type} 不是 Polygon 或 MultiPolygon',
    en: 'geometry type {type} is not a Polygon or MultiPolygon',
  },
  'import.geometry_empty': { 'zh-CN': '几何为空', en: 'the geometry is empty' },
  'import.polygon_no_rings': { 'zh-CN': '多边形没有环', en: 'a polygon has no rings' },
  'import.ring_few_positions': {
    'zh-CN': '第 {ring} 个环少于 4 个点',
    en: 'ring {ring} has fewer than 4 positions',
  },
  'import.ring_not_closed': {
    'zh-CN': '第 {ring} 个环未闭合：首末点不同',
    en: 'ring {ring} is not closed: its first and last positions differ',
  },
  'import.ring_bad_position': {
    'zh-CN': '第 {ring} 个环中有一个点不是数组',
    en: 'ring {ring} holds a position that is not an array',
  },
  'import.unknown_crs': { 'zh-CN': '未知坐标系：{reason}', en: 'unknown CRS: {reason}' },
  'import.unknown_crs_name': {
    'zh-CN': '未知坐标系“{name}”，请使用 EPSG:4326、EPSG:4490 或 CGCS2000 3 度带（EPSG:4513–4554）',
    en: 'unknown CRS "{name}"; use EPSG:4326, EPSG:4490 or a CGCS2000 3-degree zone (EPSG:4513–4554)',
  },
  'import.prj_datum': {
    'zh-CN': '.prj 的大地基准“{datum}”不是 CGCS2000 或 WGS84',
    en: 'the .prj datum "{datum}" is not CGCS2000 or WGS84',
  },
  'import.prj_not_wkt': {
    'zh-CN': '.prj 不是 WKT 坐标系定义',
    en: 'the .prj is not a WKT coordinate system',
  },
  'import.prj_projection': {
    'zh-CN': '.prj 的投影“{projection}”不是高斯-克吕格投影',
    en: 'the .prj projection "{projection}" is not Gauss-Krüger',
  },
  'import.prj_not_cgcs_zone': {
    'zh-CN':
      '.prj 为 {datum} 上的高斯-克吕格投影（中央经线 {cm}，比例因子 {k}，北向偏移 {fn}），不是 CGCS2000 3 度带（中央经线 75–135°E、每 3 度一带，比例因子 1，北向偏移 0）',
    en: 'the .prj describes Gauss-Krüger on {datum} with central meridian {cm}, scale factor {k} and false northing {fn}, not a CGCS2000 3-degree zone (central meridian 75–135°E in steps of 3, scale factor 1, false northing 0)',
  },
  'import.prj_false_easting': {
    'zh-CN': '.prj 的东向偏移 {fe} 对中央经线 {cm}°E 既不是 500000，也不是 {prefixed}（带号 {zone} 在前）',
    en: 'the .prj false easting {fe} is neither 500000 nor {prefixed} (zone {zone} in front) for central meridian {cm}°E',
  },
  'import.not_a_parcel_file': {
    'zh-CN': '{file} 不是 GeoJSON、Shapefile 压缩包、KML 或界址点坐标 TXT 文件',
    en: '{file} is not GeoJSON, a zipped Shapefile, KML or a boundary-point TXT',
  },
  'import.no_features': { 'zh-CN': '文件中没有要素', en: 'the file holds no features' },
  'import.not_json': { 'zh-CN': '文件不是有效的 JSON：{reason}', en: 'the file is not valid JSON: {reason}' },
  'import.zip_no_shp': { 'zh-CN': '压缩包中没有 .shp 文件', en: 'the zip holds no .shp file' },
  'import.zip_no_dbf': { 'zh-CN': '压缩包中有 .shp 但没有 .dbf', en: 'the zip has a .shp but no .dbf' },
  'import.zip_many_shp': {
    'zh-CN': '压缩包中有 {count} 个 Shapefile，请每个文件只放一个',
    en: 'the zip holds {count} shapefiles; send one per file',
  },
  'import.firm_unknown': { 'zh-CN': '园区内没有这家企业', en: 'no such firm in the zone' },
  'import.firm_mismatch': {
    'zh-CN': '企业名称与统一社会信用代码指向两家不同的企业',
    en: 'the name and the credit code name two different firms',
  },
  'import.firm_year_twice': {
    'zh-CN': '{firm} {year} 年的数据出现了两次',
    en: '{firm} {year} is given twice',
  },
  'import.firm_or_code_missing': {
    'zh-CN': '未填写企业名称或统一社会信用代码',
    en: 'no firm name or credit code',
  },
  'import.year_invalid': {
    'zh-CN': '年度：“{value}”不是 2000–2100 之间的年份',
    en: 'year: "{value}" is not a year between 2000 and 2100',
  },
  'import.figure_not_number': {
    'zh-CN': '{figure}：“{value}”不是数字',
    en: '{figure}: "{value}" is not a number',
  },
  'import.figure_negative': { 'zh-CN': '{figure}：{value} 为负数', en: '{figure}: {value} is negative' },
  'import.figure_not_whole': {
    'zh-CN': '{figure}：{value} 不是整数',
    en: '{figure}: {value} is not a whole number',
  },
  'import.figure_too_large': {
    'zh-CN': '{figure}：{value} 超出可填范围',
    en: '{figure}: {value} is too large',
  },
  'import.indicator_format': {
    'zh-CN': '请上传 .xlsx（模板）或 .csv 文件',
    en: 'send an .xlsx (the template) or a .csv file',
  },
  'import.indicator_unreadable': {
    'zh-CN': '{file} 无法按 {format} 读取',
    en: '{file} cannot be read as {format}',
  },
  'import.no_sheet': { 'zh-CN': '工作簿中没有工作表', en: 'the workbook has no sheet' },
  'import.no_header': {
    'zh-CN': '没有注明企业（{firm}）和年度（{year}）的表头行',
    en: 'no header row naming the firm ({firm}) and the year ({year})',
  },
  'import.worker_memory': {
    'zh-CN': '读取该文件需要超过 {mb} MB 内存',
    en: 'reading the file needs more than {mb} MB',
  },
  'import.firm_rejected': {
    'zh-CN': '{total} 行中有 {rejected} 行无法导入，未写入任何数据',
    en: '{rejected} of {total} rows cannot be imported; nothing was written',
  },
  'import.indicator_too_large': {
    'zh-CN': '指标文件超过 10 MB',
    en: 'The indicator file is larger than 10 MB',
  },

  // --- history reasons (stored as written; shown by historyReason)
  'history.backward_schedule': { 'zh-CN': '倒排计划', en: 'backward schedule (倒排)' },
  'history.backward_schedule_infeasible': {
    'zh-CN': '倒排计划（明知不可行仍保存；最早可行日期 {earliest}）',
    en: 'backward schedule (倒排), saved although infeasible: earliest feasible {earliest}',
  },
  'history.import': { 'zh-CN': '导入 {file}', en: 'import {file}' },
  'history.reserved_for': { 'zh-CN': '为项目 {project} 预留', en: 'reserved for project {project}' },
  'history.expired': { 'zh-CN': '预留到期', en: 'expired' },
  'history.released': { 'zh-CN': '已释放', en: 'released' },
  'history.transferred': { 'zh-CN': '已出让', en: 'transferred' },
  'history.merged': { 'zh-CN': '合并', en: 'merged' },
  'history.split_into': { 'zh-CN': '拆分为 {codes}', en: 'split into {codes}' },
  'history.agenda_frozen': { 'zh-CN': '议程定稿', en: 'agenda frozen' },
  // --- history changes in words (server/domain/history-words.ts)
  'history.change': { 'zh-CN': '{field}：{from} → {to}', en: '{field}: {from} → {to}' },
  'history.value': { 'zh-CN': '{field}：{value}', en: '{field}: {value}' },
  'history.area': { 'zh-CN': '{mu} 亩', en: '{mu} mu' },
  'history.area_change': { 'zh-CN': '{from} → {to} 亩', en: '{from} → {to} mu' },
  'history.none': { 'zh-CN': '（无）', en: '(none)' },
  'history.yes': { 'zh-CN': '是', en: 'yes' },
  'history.no': { 'zh-CN': '否', en: 'no' },
  'history.wan': { 'zh-CN': '{value} 万元', en: '{value} 万元 (10k yuan)' },
} as const satisfies Record<string, Messages>

export type MessageKey = keyof typeof MESSAGES

/** A message by key and parameters, not yet put into words: what errors and reasons carry. */
export interface Text {
  key: MessageKey
  params?: Params
}

/** `{name}` in a template, each replaced by its parameter in `language` (a missing one stays as written). */
export function fill(template: string, params: Params | undefined, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name]
    if (value === undefined) return whole
    return typeof value === 'object' ? value[language] : String(value)
  })
}

/** The message `key` with `params` in one language. `say('parcel.not_found', { id: 7 }, 'en')` → 'No parcel 7' */
export function say(key: MessageKey, params: Params | undefined, language: Language): string {
  return fill(MESSAGES[key][language], params, language)
}

/** The message `key` with `params` in every language. */
export function messagesOf(key: MessageKey, params?: Params): Messages {
  return { 'zh-CN': say(key, params, 'zh-CN'), en: say(key, params, 'en') }
}

export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(MESSAGES, key)
}

/** Words for the codes of the vocabulary (server/domain/vocabulary.ts), as in web/i18n. */
export const LABELS = {
  status: {
    planned: { 'zh-CN': '规划', en: 'Planned' },
    acquiring: { 'zh-CN': '收储中', en: 'Acquiring' },
    clearing: { 'zh-CN': '清表中', en: 'Clearing' },
    servicing: { 'zh-CN': '七通一平', en: 'Servicing' },
    available: { 'zh-CN': '可供地', en: 'Ready to offer' },
    reserved: { 'zh-CN': '已预留', en: 'Reserved' },
    transferred: { 'zh-CN': '已出让', en: 'Transferred' },
    under_construction: { 'zh-CN': '在建', en: 'Under construction' },
    in_production: { 'zh-CN': '已投产', en: 'In production' },
  },
  readiness: {
    done: { 'zh-CN': '已完成', en: 'Done' },
    on_track: { 'zh-CN': '按计划', en: 'On plan' },
    at_risk: { 'zh-CN': '有风险', en: 'At risk' },
    late: { 'zh-CN': '滞后', en: 'Late' },
  },
  milestone: {
    acquisition: { 'zh-CN': '收储', en: 'Acquisition' },
    clearance: { 'zh-CN': '清表', en: 'Clearance' },
    leveling: { 'zh-CN': '场地平整', en: 'Leveling' },
    servicing: { 'zh-CN': '七通一平', en: 'Servicing' },
    planning_conditions: { 'zh-CN': '规划条件', en: 'Planning conditions' },
    listing: { 'zh-CN': '挂牌出让', en: 'Listing' },
    transfer: { 'zh-CN': '成交', en: 'Transfer' },
    handover: { 'zh-CN': '交地', en: 'Hand-over' },
  },
  land_use: {
    M0: { 'zh-CN': 'M0 新型产业用地', en: 'M0 New-type industrial' },
    M1: { 'zh-CN': 'M1 一类工业用地', en: 'M1 General industrial' },
    M2: { 'zh-CN': 'M2 二类工业用地', en: 'M2 Heavier industrial' },
    W: { 'zh-CN': 'W 物流仓储用地', en: 'W Logistics' },
    B: { 'zh-CN': 'B 商业服务业用地', en: 'B Commercial' },
    R: { 'zh-CN': 'R 居住用地', en: 'R Residential' },
    G: { 'zh-CN': 'G 绿地', en: 'G Green space' },
    S: { 'zh-CN': 'S 道路交通用地', en: 'S Roads' },
  },
  stage: {
    lead: { 'zh-CN': '线索', en: 'Lead' },
    negotiating: { 'zh-CN': '洽谈', en: 'Negotiating' },
    signed: { 'zh-CN': '签约', en: 'Signed' },
    land_acquired: { 'zh-CN': '拿地', en: 'Land acquired' },
    construction: { 'zh-CN': '开工', en: 'Construction' },
    in_production: { 'zh-CN': '投产', en: 'In production' },
    dropped: { 'zh-CN': '终止', en: 'Dropped' },
  },
  history_field: {
    code: { 'zh-CN': '编号', en: 'code' },
    name: { 'zh-CN': '名称', en: 'name' },
    status: { 'zh-CN': '状态', en: 'status' },
    land_use: { 'zh-CN': '用地性质', en: 'land use' },
    target_on: { 'zh-CN': '目标交地日期', en: 'target hand-over date' },
    area_m2: { 'zh-CN': '面积', en: 'area' },
    geometry: { 'zh-CN': '边界', en: 'boundary' },
    kind: { 'zh-CN': '节点', en: 'milestone' },
    planned_on: { 'zh-CN': '计划日期', en: 'planned' },
    actual_on: { 'zh-CN': '完成日期', en: 'done on' },
    forecast_on: { 'zh-CN': '预测日期', en: 'forecast' },
    owner: { 'zh-CN': '责任人', en: 'owner' },
    note: { 'zh-CN': '备注', en: 'note' },
    schedule: { 'zh-CN': '倒排计划', en: 'backward schedule' },
    merged_from: { 'zh-CN': '合并自', en: 'merged from' },
    split_from: { 'zh-CN': '拆分自', en: 'split from' },
    stage: { 'zh-CN': '阶段', en: 'stage' },
    on: { 'zh-CN': '日期', en: 'on' },
    signed_on: { 'zh-CN': '签约日期', en: 'signed on' },
    landed_on: { 'zh-CN': '拿地日期', en: 'land acquired on' },
    lead_on: { 'zh-CN': '线索日期', en: 'lead on' },
    dropped_reason: { 'zh-CN': '终止原因', en: 'reason dropped' },
    investment_wan: { 'zh-CN': '投资额', en: 'investment' },
    manager: { 'zh-CN': '负责人', en: 'manager' },
    industry: { 'zh-CN': '行业', en: 'industry' },
    needs: { 'zh-CN': '用地需求', en: 'land needs' },
    area_mu_min: { 'zh-CN': '最小面积（亩）', en: 'least area (mu)' },
    area_mu_max: { 'zh-CN': '最大面积（亩）', en: 'most area (mu)' },
    until: { 'zh-CN': '预留至', en: 'reserved until' },
    released: { 'zh-CN': '释放', en: 'released' },
    parcel_id: { 'zh-CN': '地块', en: 'parcel' },
    project_id: { 'zh-CN': '项目', en: 'project' },
    follow_up: { 'zh-CN': '跟进', en: 'follow-up' },
    description: { 'zh-CN': '说明', en: 'description' },
    due_on: { 'zh-CN': '期限', en: 'due on' },
    resolution: { 'zh-CN': '解决办法', en: 'resolution' },
    role: { 'zh-CN': '角色', en: 'role' },
  },
  role: {
    admin: { 'zh-CN': '管理员', en: 'admin' },
    land_officer: { 'zh-CN': '土地专员', en: 'land_officer' },
    investment: { 'zh-CN': '招商团队', en: 'investment' },
    leader: { 'zh-CN': '区领导', en: 'leader' },
  },
} as const satisfies Record<string, Record<string, Messages>>

/** The words for a vocabulary code, or the code itself in both languages when it has none. */
export function label(group: keyof typeof LABELS, code: string): Messages {
  const words = (LABELS[group] as Record<string, Messages>)[code]
  return words ?? { 'zh-CN': code, en: code }
}
