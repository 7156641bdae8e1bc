// Which backend a request goes to (the Gemini API with a key, or Google Cloud with the user's credentials), from the
// user's and the workspace's settings. The workspace's values count only in a trusted workspace (they are restricted
// settings), and when they switch to Google Cloud or to another project than the user's own, the user is asked
// first: the project decides where the code is sent and who pays.

export type Backend = 'geminiApi' | 'googleCloud';

/** One scope's values of backend, googleCloud.project and googleCloud.location (undefined: not set there). */
export interface BackendValues {
  backend?: string;
  project?: string;
  location?: string;
}

export interface BackendChoice {
  backend: Backend;
  /** Google Cloud: the project ID (setting, else the machine's default); empty with express mode. */
  project?: string;
  /** Google Cloud: the location (setting, else the machine's default, else `global`). */
  location: string;
  /** Set when the workspace's settings chose this backend or project: ask the user, naming `project`, before sending. */
  workspaceChoice?: { project: string };
}

const clean = (v: string | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * The effective backend. `user`: the user's settings; `workspace`: the workspace's (folder values win);
 * `defaults`: what the machine says (GOOGLE_CLOUD_PROJECT, gcloud's project, GOOGLE_CLOUD_LOCATION).
 */
export function chooseBackend(user: BackendValues, workspace: BackendValues, trusted: boolean, defaults: { project?: string; location?: string } = {}): BackendChoice {
  const ws: BackendValues = trusted ? workspace : {};
  const backendValue = clean(ws.backend) ?? clean(user.backend);
  const backend: Backend = backendValue === 'googleCloud' ? 'googleCloud' : 'geminiApi';
  const project = clean(ws.project) ?? clean(user.project) ?? clean(defaults.project);
  const location = clean(ws.location) ?? clean(user.location) ?? clean(defaults.location) ?? 'global';
  if (backend !== 'googleCloud') return { backend, location };
  // The workspace decided: it turned Google Cloud on, or named a project other than the user's.
  const switchedOn = clean(ws.backend) === 'googleCloud' && clean(user.backend) !== 'googleCloud';
  const otherProject = clean(ws.project) !== undefined && clean(ws.project) !== clean(user.project);
  return {
    backend, location, ...(project ? { project } : {}),
    ...((switchedOn || otherProject) ? { workspaceChoice: { project: project ?? '' } } : {}),
  };
}
