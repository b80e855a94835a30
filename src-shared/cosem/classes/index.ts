// Every interface-class descriptor we ship, one module per class. The registry indexes this list.
import { activityCalendar } from './activity-calendar';
import { associationLnV1, associationLnV2 } from './association-ln';
import { associationSn } from './association-sn';
import { autoAnswer } from './auto-answer';
import { autoConnect } from './auto-connect';
import { clock } from './clock';
import { data } from './data';
import { demandRegister } from './demand-register';
import { disconnectControl } from './disconnect-control';
import { extendedRegister } from './extended-register';
import { gprsModemSetup } from './gprs-modem-setup';
import { iecHdlcSetup } from './iec-hdlc-setup';
import { iecLocalPortSetup } from './iec-local-port-setup';
import { imageTransfer } from './image-transfer';
import { ipv4Setup } from './ipv4-setup';
import { limiter } from './limiter';
import { mbusClient } from './mbus-client';
import { modemConfiguration } from './modem-configuration';
import { profileGeneric } from './profile-generic';
import { pushSetup } from './push-setup';
import { registerActivation } from './register-activation';
import { registerMonitor } from './register-monitor';
import { register } from './register';
import { sapAssignment } from './sap-assignment';
import { schedule } from './schedule';
import { scriptTable } from './script-table';
import { securitySetupV0, securitySetupV1 } from './security-setup';
import { singleActionSchedule } from './single-action-schedule';
import { specialDaysTable } from './special-days-table';
import { tcpUdpSetup } from './tcp-udp-setup';
import type { ClassDescriptor } from './types';

export const CLASS_DESCRIPTORS: readonly ClassDescriptor[] = [
  data,
  register,
  extendedRegister,
  demandRegister,
  registerActivation,
  profileGeneric,
  clock,
  scriptTable,
  schedule,
  specialDaysTable,
  associationSn,
  associationLnV1,
  associationLnV2,
  sapAssignment,
  imageTransfer,
  iecLocalPortSetup,
  activityCalendar,
  registerMonitor,
  singleActionSchedule,
  iecHdlcSetup,
  modemConfiguration,
  autoAnswer,
  autoConnect,
  pushSetup,
  tcpUdpSetup,
  ipv4Setup,
  gprsModemSetup,
  securitySetupV0,
  securitySetupV1,
  disconnectControl,
  limiter,
  mbusClient,
];

export type * from './types';
