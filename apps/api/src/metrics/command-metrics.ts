import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Counter } from 'prom-client';
import { problemFor } from '../common/problem-details.filter';
import { MetricsRegistry } from './metrics-registry';

/**
 * What becomes of the commands sent on the CommandBus: `commands_total` by command type (the
 * request's `type`, e.g. FileComplaint) and outcome — `accepted`; `refused` with the problem code
 * the caller gets (a broken rule, a concurrent change: 4xx); `failed` with its code (5xx: the
 * database away, a bug). Counted at the bus, not per route, because that is where the command type
 * is known. Nest's bus has no middleware (its publisher sees a command before it runs, never how
 * it ends), so `execute` is wrapped once at start — on every bus of the application: feature
 * modules that import CqrsModule get a bus of that import, the others the global
 * CqrsModule.forRoot()'s.
 */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  private readonly outcomes: Counter<'command' | 'outcome' | 'code'>;

  constructor(
    private readonly modules: ModulesContainer,
    metrics: MetricsRegistry,
  ) {
    this.outcomes = new Counter({
      name: 'commands_total',
      help: 'Commands by type and outcome: accepted, refused (4xx, with its problem code) or failed (5xx, with its code)',
      labelNames: ['command', 'outcome', 'code'],
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    const buses = new Set<CommandBus>();
    for (const module of this.modules.values()) {
      const bus: unknown = module.providers.get(CommandBus)?.instance;
      if (bus instanceof CommandBus) buses.add(bus);
    }
    buses.forEach((bus) => this.count(bus));
  }

  private count(bus: CommandBus): void {
    const execute = bus.execute.bind(bus) as (...args: unknown[]) => Promise<unknown>;
    const counted = async (...args: unknown[]): Promise<unknown> => {
      const command = commandType(args[0]);
      try {
        const result = await execute(...args);
        this.outcomes.inc({ command, outcome: 'accepted' });
        return result;
      } catch (error) {
        const { status, code } = problemFor(error);
        this.outcomes.inc({ command, outcome: status < 500 ? 'refused' : 'failed', code });
        throw error;
      }
    };
    bus.execute = counted as CommandBus['execute'];
  }
}

/** The domain command's name (every message of the API carries it as `request.type`), else the message class's. */
function commandType(message: unknown): string {
  const type = (message as { request?: { type?: unknown } } | null)?.request?.type;
  return typeof type === 'string' ? type : ((message as object | null)?.constructor?.name ?? 'unknown');
}
