package im.core.room;

import org.springframework.data.jpa.repository.JpaRepository;

interface RoomMemberRepository extends JpaRepository<RoomMember, RoomMember.Key> {

}
