// Extended register (class_id 4, version 0), Blue Book 4.3.4: a Register with status and capture time.
import { attr, DATE_TIME, LOGICAL_NAME, method, NO_DATA, SCALER_UNIT } from './common';
import type { ClassDescriptor } from './types';

export const extendedRegister: ClassDescriptor = {
  classId: 4,
  version: 0,
  name: 'Extended register',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'value', 'any', 'dynamic'),
    attr(3, 'scaler_unit', SCALER_UNIT, 'static', 'read-only'),
    attr(4, 'status', 'any', 'dynamic'),
    attr(5, 'capture_time', DATE_TIME, 'dynamic'),
  ],
  methods: [method(1, 'reset', NO_DATA, 'access', true)],
  snMethodOffset: 0x38,
};
