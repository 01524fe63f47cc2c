package im.core.room;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LiveRoomRepository extends JpaRepository<LiveRoom, String> {

	/** The open rooms the user may join: public ones and those listing them. */
	@Query("""
			select r from LiveRoom r where r.closedAt is null
			and (r.membersOnly = false or exists (select m from RoomMember m where m.roomId = r.id and m.userId = :userId))
			order by r.createdAt desc, r.id
			""")
	List<LiveRoom> openFor(long userId);

	@Query("select r from LiveRoom r where r.closedAt is null order by r.createdAt desc, r.id")
	List<LiveRoom> allOpen();

	@Query("select r.id from LiveRoom r where r.id in :ids and r.closedAt is not null")
	List<String> closedAmong(Collection<String> ids);

	@Query("select r.id from LiveRoom r where r.closedAt is null")
	List<String> openIds();

}
