/** Signs an app's services in as the Sign in screen does with a device code, the fake Entra playing the user who types it. */
import type { Api } from '../../../electron/contract';
import type { FakeEntra } from './fake-entra';

export async function signInByDeviceCode(api: Pick<Api, 'azureSignIn' | 'azureAccount'>, entra: FakeEntra): Promise<void> {
  const started = await api.azureSignIn({ method: 'device-code' });
  if (!started.deviceCode) throw new Error(`no device code: ${JSON.stringify(started.problem)}`);
  entra.approveDeviceCode(started.deviceCode.userCode, 0);
  for (let i = 0; i < 200; i++) {
    if ((await api.azureAccount()).status === 'signed-in') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the device code sign-in did not end');
}
