package org.piranha.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.libc.Errno;

class IpvsErrorsTest {

    private static final ServiceKey WEB = key();

    private static ServiceKey key() {
        try {
            return ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.6.1.214"), 80);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingServiceNamesIt() {
        IpvsException e = IpvsErrors.service("delete", WEB, null, NetlinkException.fromKernel(Errno.ESRCH, null));
        assertThat(e).hasMessage("virtual service TCP 10.6.1.214:80 does not exist");
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.errno()).isEqualTo(Errno.ESRCH);
    }

    @Test
    void duplicateServiceAndRealServerSayAlreadyExists() throws Exception {
        assertThat(IpvsErrors.service("add", WEB, null, NetlinkException.fromKernel(Errno.EEXIST, null)))
                .hasMessage("virtual service TCP 10.6.1.214:80 already exists");
        IpvsException e = IpvsErrors.destination("add", WEB, InetAddress.getByName("10.0.0.1"), 80,
                NetlinkException.fromKernel(Errno.EEXIST, null));
        assertThat(e).hasMessage("real server 10.0.0.1:80 of virtual service TCP 10.6.1.214:80 already exists");
        assertThat(e.isAlreadyExists()).isTrue();
    }

    @Test
    void missingRealServerNamesItsService() throws Exception {
        IpvsException e = IpvsErrors.destination("delete", WEB, InetAddress.getByName("2001:db8::2"), 80,
                NetlinkException.fromKernel(Errno.ENOENT, null));
        assertThat(e).hasMessage("real server [2001:db8::2]:80 of virtual service TCP 10.6.1.214:80 does not exist");
        assertThat(e.isNotFound()).isTrue();
    }

    @Test
    void permissionErrorsSayWhatToDoAndKeepTheKernelText() {
        IpvsException e = IpvsErrors.generic("flush", "the IPVS table",
                NetlinkException.fromKernel(Errno.EPERM, "admin rights needed"));
        assertThat(e).hasMessage("cannot flush the IPVS table: needs CAP_NET_ADMIN: run as root: admin rights needed");
        assertThat(e.reason()).isEqualTo(IpvsException.Reason.PERMISSION);
        assertThat(e.kernelMessage()).isEqualTo("admin rights needed");
    }

    @Test
    void unknownSchedulerNamesTheModule() {
        Service service = Service.builder(WEB).scheduler("wlcx").build();
        IpvsException e = IpvsErrors.service("add", WEB, service, NetlinkException.fromKernel(Errno.ENOENT, null));
        assertThat(e).hasMessage("cannot add virtual service TCP 10.6.1.214:80: scheduler wlcx is not available in "
                + "this kernel (module ip_vs_wlcx)");
        assertThat(e.reason()).isEqualTo(IpvsException.Reason.UNAVAILABLE);
    }

    @Test
    void otherErrnosUseTheCLibraryText() {
        assertThat(IpvsErrors.service("edit", ServiceKey.fwmark(3), null, NetlinkException.fromKernel(Errno.EINVAL, null)))
                .hasMessage("cannot edit virtual service FWM 3: Invalid argument");
    }
}
