// Electron IPC sender validation (VS Code's validateEvent), tested as the pure function it is.
import { describe, expect, it } from 'vitest';
import { senderProblem } from '../../../src-main/ipc/validate-sender';

const expected = { webContentsId: 7, origin: 'app://meterscope' };

describe('senderProblem', () => {
  it('accepts our window, main frame, app:// origin', () => {
    expect(senderProblem({ webContentsId: 7, frameUrl: 'app://meterscope/index.html', isMainFrame: true }, expected)).toBeUndefined();
  });

  it.each([
    ['another window', { webContentsId: 8, frameUrl: 'app://meterscope/index.html', isMainFrame: true }, /not the Meterscope window/],
    ['a subframe', { webContentsId: 7, frameUrl: 'app://meterscope/index.html', isMainFrame: false }, /main frame/],
    ['a file:// page', { webContentsId: 7, frameUrl: 'file:///tmp/index.html', isMainFrame: true }, /origin file:\/\//],
    ['a remote page', { webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }, /origin https:\/\/evil\.example/],
    ['a look-alike host', { webContentsId: 7, frameUrl: 'app://meterscope.evil/index.html', isMainFrame: true }, /origin/],
    ['a destroyed frame', { webContentsId: 7, frameUrl: '', isMainFrame: true }, /no valid URL/],
  ])('refuses %s', (_name, sender, why) => {
    expect(senderProblem(sender, expected)).toMatch(why);
  });
});
