// `/image` and Generate Image…: the configured image model with image output, in the current conversation.
import type { ModelTurn } from '../../core/conversation/types';
import type { ChatPanel } from '../panel/chatPanel';
import { readAgentSettings } from '../settings/settings';

export function generateImage(panel: ChatPanel, prompt: string, shown = `/image ${prompt}`): Promise<ModelTurn | undefined> {
  const { imageModel } = readAgentSettings();
  return panel.sendParts([{ kind: 'text', text: prompt }], { text: shown, overrides: { model: imageModel, output: { kind: 'image' } } });
}
