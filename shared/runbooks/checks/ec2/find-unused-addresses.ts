import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';

/** Elastic IPs associated with nothing: AWS bills them by the hour. */
export const findUnusedAddresses = defineCheck({
  name: 'ec2.find-unused-addresses',
  summary: 'Elastic IP addresses associated with no instance or network interface.',
  params: z.strictObject({}),
  permissions: ['ec2:DescribeAddresses'],
  itemFields: ['allocationId', 'publicIp'],
  describe: () => 'Find Elastic IPs associated with nothing.',
  async run(context) {
    const items = (await context.inventory.listElasticIps())
      .filter((address) => !address.associated)
      .map((address) => ({ allocationId: address.allocationId, publicIp: address.publicIp }));
    return {
      summary: `found ${items.length} unused Elastic IP(s): ${listSome(items.map((item) => `${item.publicIp} (${item.allocationId})`))}`,
      items,
    };
  },
});
