package org.selfreg.model;

/** Where a backbone's {@link BackboneFactory#kdRecipe() SelfReg recipe} (its taps and their combination) comes from. */
public enum KdRecipeOrigin {
    /** The SelfReg paper's code publishes the recipe for this network (UNet_hd, Swin-UNet). */
    PAPER("paper"),
    /** The project proposes it: SelfReg publishes no recipe for this network (UCTransNet). */
    PROJECT("project (not in the SelfReg paper)");

    private final String label;

    KdRecipeOrigin(String label) {
        this.label = label;
    }

    /** The words a run is tagged with, e.g. {@code project (not in the SelfReg paper)}. */
    public String label() {
        return label;
    }
}
