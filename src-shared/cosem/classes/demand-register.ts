// Demand register (class_id 5, version 0), Blue Book 4.3.5: sliding/block demand with periods.
import { attr, DATE_TIME, LOGICAL_NAME, method, NO_DATA, SCALER_UNIT } from './common';
import type { ClassDescriptor } from './types';

export const demandRegister: ClassDescriptor = {
  classId: 5,
  version: 0,
  name: 'Demand register',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'current_average_value', 'any', 'dynamic'),
    attr(3, 'last_average_value', 'any', 'dynamic'),
    attr(4, 'scaler_unit', SCALER_UNIT, 'static', 'read-only'),
    attr(5, 'status', 'any', 'dynamic'),
    attr(6, 'capture_time', DATE_TIME, 'dynamic'),
    attr(7, 'start_time_current', DATE_TIME, 'dynamic'),
    attr(8, 'period', 'double-long-unsigned', 'static'),
    attr(9, 'number_of_periods', 'long-unsigned', 'static'),
  ],
  methods: [method(1, 'reset', NO_DATA, 'access', true), method(2, 'next_period', NO_DATA, 'access', true)],
  snMethodOffset: 0x48,
};
