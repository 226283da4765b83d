package app.hisaab.group;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Groups.
 *
 * @param maxMembers the most members one group may have ({@code GROUP_MEMBER_LIMIT}): more in a create is
 *     400, one more added is 409
 * @param maxGroupsPerUser the most groups one user may be a member of ({@code GROUP_LIMIT_PER_USER}); one
 *     more is 409
 */
@ConfigurationProperties("hisaab.group")
record GroupProperties(
        @DefaultValue("100") int maxMembers,
        @DefaultValue("500") int maxGroupsPerUser) {}
