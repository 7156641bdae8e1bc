// Reads the backend settings (geminiInteractions.backend, googleCloud.project, googleCloud.location) from the user's and
// the workspace's scopes apart, so that a workspace choosing Google Cloud or another project can be asked about, and
// fills what is unset from the machine (environment, gcloud's configuration).
import * as vscode from 'vscode';
import { chooseBackend, type BackendChoice, type BackendValues } from '../../core/gemini/backendChoice';
import { findGoogleCloudSetup } from '../../core/gemini/googleCloudSetup';
import { SECTION } from './settings';

export const BACKEND_SETTINGS = ['backend', 'googleCloud.project', 'googleCloud.location'] as const;

export function readBackend(): BackendChoice {
  const c = vscode.workspace.getConfiguration(SECTION);
  const scope = (pick: (i: { globalValue?: string; workspaceValue?: string; workspaceFolderValue?: string }) => string | undefined): BackendValues => {
    const get = (key: string) => {
      const i = c.inspect<string>(key);
      return i ? pick(i) : undefined;
    };
    return { backend: get('backend'), project: get('googleCloud.project'), location: get('googleCloud.location') };
  };
  const user = scope((i) => i.globalValue);
  const workspace = scope((i) => i.workspaceFolderValue ?? i.workspaceValue);
  const machine = user.backend === 'googleCloud' || workspace.backend === 'googleCloud' ? findGoogleCloudSetup() : {};
  return chooseBackend(user, workspace, vscode.workspace.isTrusted, machine);
}

/** True when a change touches the backend (the client is rebuilt on the next request). */
export function affectsBackend(e: vscode.ConfigurationChangeEvent): boolean {
  return BACKEND_SETTINGS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
