package io.github.advent.eval.segmentation;

import java.nio.file.Path;

/**
 * One evaluation image: its Cityscapes id ({@code <city>_<seq>_<frame>}, e.g.
 * {@code frankfurt_000000_000294}), its label file ({@code *_gtFine_labelIds.png}) and, where the
 * dataset has it, its input image ({@code leftImg8bit/...}; the file need not exist for
 * {@code --predictions}).
 */
public record LabelledImage(String id, String city, Path labelFile, Path imageFile) {}
