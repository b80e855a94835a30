// Schedule (class_id 10, version 0), Blue Book 4.5.3: a table of scripts to run at given times/days.
import { arrayOf, attr, DATE, field, LOGICAL_NAME, method, OBIS, structure, TIME } from './common';
import type { ClassDescriptor } from './types';

const SCHEDULE_TABLE_ENTRY = structure(
  field('index', 'long-unsigned'),
  field('enable', 'boolean'),
  field('script_logical_name', OBIS),
  field('script_selector', 'long-unsigned'),
  field('switch_time', TIME),
  field('validity_window', 'long-unsigned'),
  field('exec_weekdays', 'bit-string'),
  field('exec_specdays', 'bit-string'),
  field('begin_date', DATE),
  field('end_date', DATE),
);
const RANGE = structure(field('firstIndex', 'long-unsigned'), field('lastIndex', 'long-unsigned'));

export const schedule: ClassDescriptor = {
  classId: 10,
  version: 0,
  name: 'Schedule',
  attributes: [LOGICAL_NAME, attr(2, 'entries', arrayOf(SCHEDULE_TABLE_ENTRY), 'static')],
  methods: [
    // entries A..B are disabled, then C..D enabled (Blue Book 4.5.3 method 1)
    method(
      1,
      'enable/disable',
      structure(field('A', 'long-unsigned'), field('B', 'long-unsigned'), field('C', 'long-unsigned'), field('D', 'long-unsigned')),
    ),
    method(2, 'insert', SCHEDULE_TABLE_ENTRY),
    method(3, 'delete', RANGE),
  ],
  snMethodOffset: 0x10,
};
