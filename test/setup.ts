/** Mocha root hooks: the Terraform grammar loads asynchronously once, before any test lints HCL. */
import { initTerraform } from '../server/src/terraform/treeSitter';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initTerraform();
  },
};
