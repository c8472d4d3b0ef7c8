import 'reflect-metadata';
import { run } from '../../api/src/start';

// The projector as its own process (docker compose, or several instances).
run('projector');
