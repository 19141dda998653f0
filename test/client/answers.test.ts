import * as assert from 'node:assert/strict';
import { cidrProblem, parsePorts } from '../../client/src/answers';

describe('client: checking a fix input as it is typed', () => {
  it('accepts a canonical CIDR of the family and explains everything else', () => {
    assert.equal(cidrProblem('203.0.113.0/24', 4), undefined);
    assert.equal(cidrProblem(' 2001:db8::/48 ', 6), undefined);
    assert.equal(cidrProblem('', 4), 'Type an IPv4 CIDR, such as 203.0.113.0/24.');
    assert.equal(cidrProblem('203.0.113.7/24', 4), 'Host bits are set: did you mean 203.0.113.0/24?');
    assert.equal(cidrProblem('0.0.0.0/0', 4), 'That is the whole internet: pick a narrower range.');
    assert.equal(cidrProblem('300.1.2.3/8', 4), '300.1.2.3 is not a valid IPv4 address');
    assert.match(cidrProblem('2001:db8::/48', 4) ?? '', /IPv4/);
  });

  it('reads ports as a port, a range, with or without a protocol', () => {
    assert.deepEqual(parsePorts('443'), { protocol: 'tcp', from: 443, to: 443 });
    assert.deepEqual(parsePorts(' 8000 - 8100 '), { protocol: 'tcp', from: 8000, to: 8100 });
    assert.deepEqual(parsePorts('UDP 53'), { protocol: 'udp', from: 53, to: 53 });
    assert.deepEqual(parsePorts('tcp 80–81'), { protocol: 'tcp', from: 80, to: 81 });
    assert.deepEqual(parsePorts('9000-8000'), { error: 'The range is backwards: did you mean 8000-9000?' });
    assert.deepEqual(parsePorts('70000'), { error: 'Ports go up to 65535.' });
    assert.deepEqual(parsePorts('ssh'), {
      error: 'Type a port (443), a range (8000-8100), or either after tcp/udp (udp 53).',
    });
  });
});
