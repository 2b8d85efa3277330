package org.piranha.lvscf;

/** When the writer emits a key whose value is not optional. Optional keys are written when set. */
enum Write {
    /** Always: the GUI writes these, and they are what an operator looks for. */
    ALWAYS,
    /** Only when the value differs from the code default, to keep the file short. */
    UNLESS_DEFAULT
}
