/* A frame captured while a step ran, with the index the packet store gave it (so the animation can select it there). */
package org.overlaylab.app.ui.session;

import org.overlaylab.model.backend.CapturedFrame;

public record StepFrame(int storeIndex, CapturedFrame frame) {}
