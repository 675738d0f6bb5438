import { arch, cpus, loadavg, platform, totalmem } from 'node:os';

export interface MachineInfo {
  node: string;
  v8: string;
  cpuModel: string;
  cores: number;
  platform: string;
  arch: string;
  totalMemoryBytes: number;
  /** 1, 5 and 15 minute load averages: other work on the machine makes the numbers noisier. */
  loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    platform: platform(),
    arch: arch(),
    totalMemoryBytes: totalmem(),
    loadAverageAtStart: loadavg(),
  };
}
