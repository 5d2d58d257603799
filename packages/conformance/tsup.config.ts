import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

export default defineConfig(torchletTsup());
