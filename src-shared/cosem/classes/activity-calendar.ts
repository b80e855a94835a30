// Activity calendar (class_id 20, version 0), Blue Book 4.5.5: seasons → weeks → day profiles → scripts.
import { arrayOf, attr, DATE_TIME, field, LOGICAL_NAME, method, NO_DATA, OBIS, structure, TIME } from './common';
import type { AttributeDescriptor, ClassDescriptor, TypeSpec } from './types';

const SEASON_PROFILE: TypeSpec = arrayOf(structure(field('season_profile_name', 'octet-string'), field('season_start', DATE_TIME), field('week_name', 'octet-string')));
const WEEK_PROFILE_TABLE: TypeSpec = arrayOf(
  structure(
    field('week_profile_name', 'octet-string'),
    field('monday', 'unsigned'),
    field('tuesday', 'unsigned'),
    field('wednesday', 'unsigned'),
    field('thursday', 'unsigned'),
    field('friday', 'unsigned'),
    field('saturday', 'unsigned'),
    field('sunday', 'unsigned'),
  ),
);
const DAY_PROFILE_TABLE: TypeSpec = arrayOf(
  structure(
    field('day_id', 'unsigned'),
    field('day_schedule', arrayOf(structure(field('start_time', TIME), field('script_logical_name', OBIS), field('script_selector', 'long-unsigned')))),
  ),
);

function calendar(first: number, suffix: 'active' | 'passive'): AttributeDescriptor[] {
  const access = suffix === 'active' ? 'read-only' : 'read-and-write';
  return [
    attr(first, `calendar_name_${suffix}`, 'octet-string', 'static', access),
    attr(first + 1, `season_profile_${suffix}`, SEASON_PROFILE, 'static', access),
    attr(first + 2, `week_profile_table_${suffix}`, WEEK_PROFILE_TABLE, 'static', access),
    attr(first + 3, `day_profile_table_${suffix}`, DAY_PROFILE_TABLE, 'static', access),
  ];
}

export const activityCalendar: ClassDescriptor = {
  classId: 20,
  version: 0,
  name: 'Activity calendar',
  attributes: [LOGICAL_NAME, ...calendar(2, 'active'), ...calendar(6, 'passive'), attr(10, 'activate_passive_calendar_time', DATE_TIME, 'static')],
  methods: [method(1, 'activate_passive_calendar', NO_DATA)],
  snMethodOffset: 0x50,
};
