import { Module } from '@nestjs/common';
import { DatabaseModule } from '../db/database.module';
import { StaffController } from './staff.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [DatabaseModule], controllers: [UsersController, StaffController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
