// Clock (class_id 8, version 0), Blue Book 4.5.1: local time, time zone and daylight saving.
import { attr, DATE_TIME, enumOf, field, LOGICAL_NAME, method, NO_DATA, structure } from './common';
import type { ClassDescriptor } from './types';

export const CLOCK_BASES = {
  0: 'not defined',
  1: 'internal crystal',
  2: 'mains frequency 50 Hz',
  3: 'mains frequency 60 Hz',
  4: 'GPS (global positioning system)',
  5: 'radio controlled',
} as const;

export const clock: ClassDescriptor = {
  classId: 8,
  version: 0,
  name: 'Clock',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'time', DATE_TIME, 'dynamic', 'read-and-write'),
    attr(3, 'time_zone', 'long', 'static'),
    // clock status bits (Blue Book 4.1.6.1): invalid, doubtful, different clock base, invalid clock status, ..., daylight saving active
    attr(4, 'status', 'unsigned', 'dynamic'),
    attr(5, 'daylight_savings_begin', DATE_TIME, 'static'),
    attr(6, 'daylight_savings_end', DATE_TIME, 'static'),
    attr(7, 'daylight_savings_deviation', 'integer', 'static'),
    attr(8, 'daylight_savings_enabled', 'boolean', 'static'),
    attr(9, 'clock_base', enumOf(CLOCK_BASES), 'static', 'read-only'),
  ],
  methods: [
    method(1, 'adjust_to_quarter', NO_DATA),
    method(2, 'adjust_to_measuring_period', NO_DATA, 'access', true),
    method(3, 'adjust_to_minute', NO_DATA, 'access', true),
    method(4, 'adjust_to_preset_time', NO_DATA, 'access', true),
    method(
      5,
      'preset_adjusting_time',
      structure(field('preset_time', DATE_TIME), field('validity_interval_start', DATE_TIME), field('validity_interval_end', DATE_TIME)),
      'access',
      true,
    ),
    method(6, 'shift_time', 'long', 'access', true),
  ],
  snMethodOffset: 0x60,
};
