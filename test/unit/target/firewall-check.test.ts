/** The firewall line of an Azure target's pre-flight, rule by rule. */
import { describe, expect, it } from 'vitest';
import { firewallCheck, isPrivateAddress, ruleFor, sourceAddressTo, type FirewallFacts } from '../../../electron/core/target/firewall-check';

const facts = (patch: Partial<FirewallFacts>): FirewallFacts => ({
  serverName: 'pg1', resourceGroup: 'rg', publicNetworkAccess: 'Enabled', address: '198.51.100.7',
  rules: [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }], ...patch,
});

describe('firewallCheck', () => {
  it('fails for a public address no rule covers, with the rule to add', () => {
    const c = firewallCheck(facts({}));
    expect(c).toMatchObject({ id: 'firewall', status: 'fail' });
    expect(c.detail).toBe('The firewall does not let this machine (198.51.100.7) in: it allows office (203.0.113.0–203.0.113.255).');
    expect(c.fix).toContain('--rule-name pgflex-198-51-100-7 --start-ip-address 198.51.100.7 --end-ip-address 198.51.100.7');
  });
  it('passes inside a range, at both ends', () => {
    expect(firewallCheck(facts({ address: '203.0.113.0' })).status).toBe('ok');
    expect(firewallCheck(facts({ address: '203.0.113.255' })).status).toBe('ok');
    expect(firewallCheck(facts({ address: '203.0.114.0' })).status).toBe('fail');
  });
  it('passes when every address is allowed', () => {
    expect(firewallCheck(facts({ rules: [{ name: 'all', startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' }] }))).toMatchObject({ status: 'ok', detail: expect.stringContaining('every address') });
  });
  it('warns (does not fail) behind NAT, where the server sees another address', () => {
    for (const address of ['10.1.2.3', '172.20.0.5', '192.168.1.9', '100.64.0.1']) {
      expect(firewallCheck(facts({ address })).status).toBe('warn');
    }
    expect(firewallCheck(facts({ address: '172.32.0.1' })).status).toBe('fail');
  });
  it('warns for private access, where firewall rules do not apply', () => {
    expect(firewallCheck(facts({ publicNetworkAccess: 'Disabled', rules: [] }))).toMatchObject({ status: 'warn', detail: expect.stringContaining('private access only') });
  });
  it('warns when the address is unknown', () => {
    expect(firewallCheck(facts({ address: null })).status).toBe('warn');
  });
});

describe('addresses', () => {
  it('tells private from public and finds a rule', () => {
    expect(isPrivateAddress('127.0.0.1')).toBe(false);
    expect(isPrivateAddress('169.254.1.1')).toBe(true);
    expect(ruleFor([{ name: 'x', startIpAddress: 'bad', endIpAddress: '1.2.3.4' }], '1.2.3.4')).toBeUndefined();
  });
  it('finds the loopback address as the way to 127.0.0.1', async () => {
    expect(await sourceAddressTo('127.0.0.1', 5432)).toBe('127.0.0.1');
  });
});
