package org.piranha.lvscf;

/**
 * An IPVS scheduler flag ({@code scheduler_flags = mh-fallback mh-port}), with ipvsadm's names.
 * Each belongs to one scheduler: the kernel has three generic flag bits whose meaning the
 * scheduler gives them.
 */
public enum SchedulerFlag {
    /** Maglev: a connection to an unavailable (weight 0) server goes to the next one in the table. */
    MH_FALLBACK("mh-fallback", "mh", 1),
    /** Maglev: hash the source port too, not only the source address. */
    MH_PORT("mh-port", "mh", 2),
    /** Source hashing: skip an unavailable server. */
    SH_FALLBACK("sh-fallback", "sh", 1),
    /** Source hashing: hash the source port too. */
    SH_PORT("sh-port", "sh", 2);

    private final String keyword;
    private final String scheduler;
    private final int kernelFlag;

    SchedulerFlag(String keyword, String scheduler, int kernelFlag) {
        this.keyword = keyword;
        this.scheduler = scheduler;
        this.kernelFlag = kernelFlag;
    }

    /** The word lvs.cf and ipvsadm use. */
    public String keyword() {
        return keyword;
    }

    /** The scheduler this flag means something to. */
    public String scheduler() {
        return scheduler;
    }

    /** Which of the kernel's scheduler flags it is: 1 ({@code IP_VS_SVC_F_SCHED1}) or 2. */
    public int kernelFlag() {
        return kernelFlag;
    }
}
